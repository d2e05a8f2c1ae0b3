import { DASHBOARDS, PANELS, WINDOWED_DRIFT } from '@sieve/rules';
import { DEFAULT_DETECTOR, MEASURE_NAMES } from '@sieve/scoring';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { commonVariables } from '../commonVariables.ts';
import { sieveDashboard } from '../frame.ts';
import type { DashboardOptions } from '../options.ts';
import { barGaugePanel, heatmapPanel, prom, redAbove, redBelow, statPanel, timeseriesPanel } from '../panels.ts';
import { ANY, quantile } from '../promql.ts';
import { dataQualityQueries, featureQueries as Q, pipelineQueries } from '../queries.ts';
import { SieveQueryBuilder } from '../sieveQuery.ts';
import { specThresholds } from '../specThresholds.ts';
import { customVariable } from '../variables.ts';

/** The baselines the drift panels compare against: the same window this long earlier. */
export const BASELINE_OFFSETS = ['1d', '7d', '1h'] as const;
export const MEASURE_VARIABLE = 'measure';
/** Baseline sizes below which drift measures are mostly noise (a bin of a 10-bin baseline holds ~10 and ~100 values). */
const BASELINE_SAMPLES = { min: 100, warn: 1000 } as const;
export const BASELINE_VARIABLE = 'baseline';

/**
 * Debug, per feature: what the feature's values look like over time, how far they moved from the
 * baseline by every measure, whether volume and latency are anomalous, and the data problems
 * (schema changes, missing values, failing runs) that usually explain a drift.
 */
export function featuresDashboard(o: DashboardOptions) {
  const v = commonVariables(o);
  const t = specThresholds(o.spec);
  const F = `${LABEL.feature}=~"$${LABEL.feature}"`;
  const psiBands = redAbove(t.psi.significant, t.psi.moderate);
  return sieveDashboard(
    {
      uid: DASHBOARDS.features,
      title: 'Sieve / Feature debug',
      description: 'One feature at a time: distribution, drift by every measure, anomalies and the data behind them.',
      from: 'now-24h',
      variables: [
        v.datasource(),
        v.sieve(),
        v.feature(false),
        v.pipeline(),
        v.dataset(),
        v.model(),
        customVariable(MEASURE_VARIABLE, 'Drift measures', MEASURE_NAMES, true),
        customVariable(BASELINE_VARIABLE, 'Baseline: same window earlier by', BASELINE_OFFSETS),
      ],
    },
    [
      { row: 'Freshness and drift' },
      {
        id: PANELS.featureAge,
        w: 6,
        h: 7,
        panel: statPanel(
          {
            title: 'Feature age',
            shows: 'Seconds since the feature last received a value.',
            whenRed:
              'the feature stopped updating: check the pipeline that computes it (runbook SieveFeatureStale); drift numbers are stale too.',
          },
          units.Seconds,
          [prom(Q.secondsSinceUpdate, '{{feature}}', 'instant')],
          { thresholds: redAbove(t.featureMaxAge) }
        ),
      },
      {
        w: 4,
        h: 7,
        panel: statPanel(
          {
            title: 'Baseline size',
            shows: `Values in the baseline the instrumentation exports for the feature (n_ref). Drift against a small baseline is mostly sampling noise: amber below ${BASELINE_SAMPLES.warn}, red below ${BASELINE_SAMPLES.min}.`,
            whenRed:
              'the baseline is too small to judge drift: rebuild it from more training data; until then treat moderate drift values as noise and compare against the same window earlier instead.',
          },
          units.Short,
          [prom(Q.baselineSamples, '{{feature}}', 'instant')],
          { thresholds: redBelow(BASELINE_SAMPLES.min, BASELINE_SAMPLES.warn) }
        ),
      },
      {
        id: PANELS.featurePsi,
        w: 14,
        h: 7,
        panel: timeseriesPanel(
          {
            title: 'PSI against the exported baseline (in process)',
            shows: `Population stability index of the feature over the instrumentation's rolling window, against the baseline it exports; amber above ${t.psi.moderate}, red above ${t.psi.significant}.`,
            whenRed:
              'the distribution shifted significantly: compare the heatmap with the baseline, check upstream data and schema changes below, then decide whether to retrain (runbook SieveFeatureDrift).',
          },
          units.NoUnit,
          [prom(Q.psi, '{{feature}}')],
          { min: 0, thresholds: psiBands }
        ),
      },
      {
        id: PANELS.featureWindowDrift,
        w: 24,
        h: 8,
        panel: timeseriesPanel(
          {
            title: '$measure against the same window earlier (Sieve)',
            shows: `The drift measure (one panel per measure selected in "Drift measures") between the last ${WINDOWED_DRIFT.window} and the same ${WINDOWED_DRIFT.window} one baseline offset earlier (variable "baseline"), computed by the Sieve datasource from the histogram buckets or category counts. A measure that does not suit the feature's kind (Wasserstein on a categorical feature, chi² on a numeric one) shows no value and says why.`,
            whenRed:
              'the feature differs from the same time earlier: rule out seasonality by switching the baseline offset, then treat it as drift (runbook SieveFeatureWindowDrift).',
          },
          units.NoUnit,
          [
            SieveQueryBuilder.drift({
              features: F,
              measure: `$${MEASURE_VARIABLE}`,
              baseline: { type: 'offset', offset: `$${BASELINE_VARIABLE}` },
              window: WINDOWED_DRIFT.window,
              format: 'timeseries',
            }),
          ],
          { min: 0, thresholds: psiBands, repeat: MEASURE_VARIABLE }
        ),
      },
      {
        w: 24,
        h: 8,
        panel: timeseriesPanel(
          {
            title: '$measure against the exported baseline (Sieve)',
            shows: `The drift measure (one panel per measure selected in "Drift measures") between the last ${WINDOWED_DRIFT.window} and the baseline the instrumentation exports, computed by the Sieve datasource. A measure that does not suit the feature's kind shows no value and says why.`,
            whenRed:
              'the feature left its training distribution: check which measure moved (PSI and KS react to different shapes) and the data problems below.',
          },
          units.NoUnit,
          [
            SieveQueryBuilder.drift({
              features: F,
              measure: `$${MEASURE_VARIABLE}`,
              baseline: { type: 'exported' },
              window: WINDOWED_DRIFT.window,
              format: 'timeseries',
            }),
          ],
          { min: 0, thresholds: psiBands, repeat: MEASURE_VARIABLE }
        ),
      },
      { row: 'Distribution (numeric features)' },
      {
        w: 12,
        h: 9,
        panel: heatmapPanel(
          {
            title: 'Distribution over time',
            shows:
              'Values per second in each histogram bucket of the feature (the bins of its baseline bin spec). Empty for a categorical feature: see the categorical row.',
            whenRed:
              'mass moves to other buckets than the baseline’s: see which range gained or lost values, and whether a unit or encoding changed upstream.',
          },
          units.Short,
          prom(Q.buckets, '{{le}}', 'range', prometheus.PromQueryFormat.Heatmap)
        ),
      },
      {
        w: 12,
        h: 9,
        panel: timeseriesPanel(
          {
            title: 'Quantiles p5, p50, p95',
            shows: 'Quantiles of the feature, interpolated within its buckets. Empty for a categorical feature.',
            whenRed:
              'a quantile jumps: the tail or the centre moved; compare with the baseline and the pipeline’s input.',
          },
          units.Short,
          [prom(Q.quantile(0.05), 'p5'), prom(Q.quantile(0.5), 'p50'), prom(Q.quantile(0.95), 'p95')]
        ),
      },
      { row: 'Distribution (categorical features)' },
      {
        w: 12,
        h: 9,
        panel: timeseriesPanel(
          {
            title: 'Category shares over time',
            shows:
              'Share of the feature’s values in each category over time, stacked to 100%: the baseline’s top categories, __other__ for the rest, and masked categories under their replacement label. Empty for a numeric feature: see the heatmap.',
            whenRed:
              'a category’s band grows or shrinks against the baseline, or __other__ swells: a new source, a renamed code or a broken mapping upstream; compare with the baseline shares on the right.',
          },
          units.PercentUnit,
          [prom(Q.categoryShares, '{{category}}')],
          { min: 0, max: 1, stack: true }
        ),
      },
      {
        w: 6,
        h: 9,
        panel: barGaugePanel(
          {
            title: 'Category shares: range vs baseline',
            shows:
              'Each category’s share of the values over the dashboard range, next to its share in the exported baseline. Empty for a numeric feature.',
            whenRed:
              'a category’s share differs from its baseline share: that category drives the drift measures above; check where its values come from.',
          },
          units.PercentUnit,
          [
            prom(Q.categorySharesInRange, '{{category}}', 'instant'),
            prom(Q.baselineCategoryShares, '{{category}} (baseline)', 'instant'),
          ],
          { min: 0, max: 1 }
        ),
      },
      {
        w: 6,
        h: 9,
        panel: timeseriesPanel(
          {
            title: 'Masked categories',
            shows:
              'Values per second exported under a replaced category, by why: a detected PII kind (email, phone, card, ...) or none (hashed, or outside the allowlist). The raw values never leave the process. Empty for a numeric feature.',
            whenRed:
              'a PII kind appears or grows: personal data reaches this feature upstream; find the source before it reaches a training set.',
          },
          units.CountsPerSecond,
          [prom(Q.maskedCategories, '{{pii_kind}}')],
          { min: 0 }
        ),
      },
      { row: 'Anomalies' },
      {
        w: 12,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Volume with anomaly band (Sieve)',
            shows: `Values per second the feature receives (numeric or categorical), with the ${DEFAULT_DETECTOR} detector's expected band and anomaly score from the Sieve datasource; the rate window is Grafana's $__rate_interval for the panel's interval.`,
            whenRed:
              'volume left its band: a pipeline skipped or duplicated input; check runs and rows on the pipelines dashboard.',
          },
          units.CountsPerSecond,
          [
            SieveQueryBuilder.anomaly({
              expr: Q.volume,
              detector: DEFAULT_DETECTOR,
            }),
          ]
        ),
      },
      {
        w: 12,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Model latency p95 with anomaly band (Sieve)',
            shows: `95th percentile prediction latency of the selected models, with the ${DEFAULT_DETECTOR} detector's band from the Sieve datasource.`,
            whenRed: 'latency left its band: check the model server’s load and the feature store it reads from.',
          },
          units.Seconds,
          [
            SieveQueryBuilder.anomaly({
              expr: quantile(
                0.95,
                `${METRICS.modelPredictionDuration.prometheus.bucket}{${LABEL.model}=~"$${LABEL.model}"}`,
                []
              ),
              detector: DEFAULT_DETECTOR,
            }),
          ]
        ),
      },
      { row: 'Data problems that explain drift' },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Missing-value rate',
            shows: 'Share of the feature’s values that were null or undefined.',
            whenRed: 'more values are missing: an upstream join or source broke; drift measures see fewer values.',
          },
          units.PercentUnit,
          [prom(Q.missingShare, '{{feature}}')],
          { min: 0, max: 1, thresholds: redAbove(1 - t.minCompleteness) }
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Schema changes',
            shows: 'Schema changes (fields added, removed or retyped) per second, per dataset.',
            whenRed:
              'a schema changed: a retyped or renamed field often shows up as drift or missing values (runbook SieveSchemaChanged).',
          },
          units.OpsPerSecond,
          [prom(dataQualityQueries.schemaChangesOverTime, '{{dataset}}')],
          { thresholds: redAbove(ANY) }
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Recent failing runs',
            shows: 'Runs that failed or only partly succeeded, per second, per pipeline.',
            whenRed: 'runs fail: partial output is a common cause of drift; open the pipelines dashboard.',
          },
          units.OpsPerSecond,
          [prom(pipelineQueries.failingRuns, '{{pipeline}} {{outcome}}')],
          { thresholds: redAbove(ANY) }
        ),
      },
    ]
  );
}
