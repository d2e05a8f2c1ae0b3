import { DASHBOARDS, PANELS } from '@sieve/rules';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { commonVariables } from '../commonVariables.ts';
import { sieveDashboard } from '../frame.ts';
import type { DashboardOptions } from '../options.ts';
import { heatmapPanel, prom, redAbove, timeseriesPanel } from '../panels.ts';
import { modelQueries as Q } from '../queries.ts';
import { specThresholds } from '../specThresholds.ts';

/** Models: quality from labelled outcomes, latency, errors, cost and score distribution. */
export function modelsDashboard(o: DashboardOptions) {
  const v = commonVariables(o);
  const t = specThresholds(o.spec);
  return sieveDashboard(
    {
      uid: DASHBOARDS.models,
      title: 'Sieve / Models',
      description: 'Accuracy, false positives, latency, errors and cost of served models.',
      from: 'now-24h',
      variables: [v.datasource(), v.model()],
    },
    [
      {
        id: PANELS.modelAccuracy,
        w: 12,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Accuracy',
            shows: 'Share of labelled predictions that were correct (tp, tn, correct), per model.',
            whenRed:
              'accuracy dropped: check feature drift and data quality first, then the label pipeline, then retrain (runbook SieveModelAccuracyDegraded).',
          },
          units.PercentUnit,
          [prom(Q.accuracy, '{{model}}')],
          { min: 0, max: 1 }
        ),
      },
      {
        id: PANELS.modelFalsePositiveRate,
        w: 12,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'False-positive rate',
            shows: 'False positives over actual negatives (fp / (fp + tn)), per model.',
            whenRed: `above ${t.maxFalsePositiveRate * 100}%: review the decision threshold and recent drift (runbook SieveModelFalsePositiveRateHigh).`,
          },
          units.PercentUnit,
          [prom(Q.falsePositiveRate, '{{model}}')],
          { min: 0, max: 1, thresholds: redAbove(t.maxFalsePositiveRate) }
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Latency p50, p95, p99',
            shows: 'Prediction latency quantiles, failed predictions included, per model.',
            whenRed: `p95 above ${t.latency * 1000} ms: check load, the model version rolled out and the feature store it reads.`,
          },
          units.Seconds,
          [
            prom(Q.latencyQuantile(0.5), '{{model}} p50'),
            prom(Q.latencyQuantile(0.95), '{{model}} p95'),
            prom(Q.latencyQuantile(0.99), '{{model}} p99'),
          ],
          { min: 0, thresholds: redAbove(t.latency) }
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Predictions and errors',
            shows: 'Prediction requests per second, and failed ones by error type, per model.',
            whenRed: 'errors rise: look at the error types and the model server’s logs (availability SLO).',
          },
          units.OpsPerSecond,
          [prom(Q.predictions, '{{model}} predictions'), prom(Q.errorsByType, '{{model}} {{error_type}}')]
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Cost per prediction',
            shows: 'Serving cost per prediction in USD: the cost rate over the prediction rate, per model.',
            whenRed: 'cost per prediction exceeds its SLO: check batch sizes, instance types and retries.',
          },
          units.Dollars,
          [prom(Q.costPerPrediction, '{{model}}')],
          t.costPerPrediction === undefined ? { min: 0 } : { min: 0, thresholds: redAbove(t.costPerPrediction) }
        ),
      },
      {
        w: 24,
        h: 8,
        panel: heatmapPanel(
          {
            title: 'Score distribution',
            shows: 'Model scores per second in each score bucket.',
            whenRed: 'scores crowd into other buckets than usual: the inputs drifted or the model changed.',
          },
          units.Short,
          prom(Q.scoreBuckets, '{{le}}', 'range', prometheus.PromQueryFormat.Heatmap)
        ),
      },
    ]
  );
}
