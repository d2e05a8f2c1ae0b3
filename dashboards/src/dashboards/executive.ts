import { DASHBOARDS, DIRECT_ALERTS, BURN_ALERTS, RECORD, RULE_LABEL } from '@sieve/rules';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { commonVariables } from '../commonVariables.ts';
import { sieveDashboard } from '../frame.ts';
import type { DashboardOptions } from '../options.ts';
import { prom, redAbove, redBelow, seriesNamed, statPanel, thresholdsOverride, timeseriesPanel } from '../panels.ts';
import { anyOf, orZero, RANGE, sel } from '../promql.ts';
import { modelQueries } from '../queries.ts';
import { specThresholds } from '../specThresholds.ts';

/** The SLI labels an SLO series may carry: one compliance value per pipeline, model, feature or field. */
const SLI_IDENTITY = [RULE_LABEL.slo, LABEL.pipeline, LABEL.model, LABEL.feature, LABEL.dataset, LABEL.field];

/** Each SLO's series (named after it by the legend) turns red below that SLO's own objective, not a shared one. */
function withObjectives(o: DashboardOptions, panel: ReturnType<typeof statPanel>): ReturnType<typeof statPanel> {
  for (const slo of o.spec.slos) {
    panel.overrideByRegexp(seriesNamed(slo.name), [
      thresholdsOverride(redBelow(+(slo.objective / 100).toPrecision(12))),
    ]);
  }
  return panel;
}

/**
 * Executive: over the whole period, are we meeting our SLOs, how good are the models, what do
 * predictions cost, how often did data drift, and how reliable are the pipelines.
 */
export function executiveDashboard(o: DashboardOptions) {
  const v = commonVariables(o);
  const t = specThresholds(o.spec);
  const filter = sel({ [LABEL.pipeline]: LABEL.pipeline, [LABEL.model]: LABEL.model });
  const idLabels = SLI_IDENTITY.join(', ');
  const runs = METRICS.pipelineRuns.prometheus.name;
  const P = { [LABEL.pipeline]: LABEL.pipeline };
  const runsInRange = `sum by (${LABEL.pipeline}) (increase(${runs}${sel(P)}[${RANGE}]))`;
  const drift = [DIRECT_ALERTS.featureDrift, BURN_ALERTS.drift];
  return sieveDashboard(
    {
      uid: DASHBOARDS.executive,
      title: 'Sieve / Executive',
      description: 'SLO compliance, model quality, cost, drift and pipeline reliability over the period.',
      from: 'now-30d',
      variables: [v.datasource(), v.pipeline(), v.model()],
    },
    [
      {
        w: 12,
        h: 8,
        panel: withObjectives(
          o,
          statPanel(
            {
              title: 'SLO compliance over the period',
              shows:
                'Share of good events (or good time) over each SLO’s period, per SLO and per pipeline, model, feature or field.',
              whenRed:
                'an SLO is below its own objective (each SLO turns red at the objective in the spec): ask its owner for the cause and the plan; see the SLOs dashboard.',
            },
            units.PercentUnit,
            [
              prom(
                `1 - max by (${idLabels}) (${RECORD.periodBurnRate}${filter} * on (${RULE_LABEL.sloId}) group_left ${RECORD.errorBudget})`,
                '{{slo}} {{pipeline}}{{model}}{{feature}}{{dataset}} {{field}}',
                'instant'
              ),
            ],
            { thresholds: redBelow(0.99, 0.999) }
          )
        ),
      },
      {
        w: 12,
        h: 8,
        panel: statPanel(
          {
            title: 'Error budget left',
            shows: 'Share of each SLO’s error budget left over its period, per pipeline and model (0 = spent).',
            whenRed: 'a budget is spent: reliability work comes before new features for that service.',
          },
          units.PercentUnit,
          [
            prom(
              `min by (${idLabels}) (${RECORD.budgetRemaining}${filter})`,
              '{{slo}} {{pipeline}}{{model}}{{feature}}{{dataset}} {{field}}',
              'instant'
            ),
          ],
          { thresholds: redBelow(0, 0.25) }
        ),
      },
      {
        w: 12,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Model accuracy and false-positive rate',
            shows: 'Accuracy of labelled predictions and the false-positive rate, per model, over the period.',
            whenRed: 'quality trends down: ask for a drift review and a retraining plan.',
          },
          units.PercentUnit,
          [
            prom(modelQueries.accuracy, '{{model}} accuracy'),
            prom(modelQueries.falsePositiveRate, '{{model}} false positives'),
          ],
          { min: 0, max: 1 }
        ),
      },
      {
        w: 12,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Cost per prediction',
            shows: 'Serving cost per prediction in USD, per model.',
            whenRed: 'cost per prediction is above its SLO: review capacity and batching with the serving team.',
          },
          units.Dollars,
          [prom(modelQueries.costPerPrediction, '{{model}}')],
          t.costPerPrediction === undefined ? { min: 0 } : { min: 0, thresholds: redAbove(t.costPerPrediction) }
        ),
      },
      {
        w: 12,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Drift alerts over the period',
            shows: 'Drift alerts firing (feature PSI alerts and drift-SLO burn alerts), by severity.',
            whenRed: 'features keep drifting: the models may need retraining on recent data.',
          },
          units.Short,
          [
            prom(
              `count by (${RULE_LABEL.severity}) (ALERTS${sel({}, { alertstate: 'firing' }, { alertname: anyOf(drift) })})`,
              '{{severity}}'
            ),
          ],
          { min: 0, thresholds: redAbove(1) }
        ),
      },
      {
        w: 12,
        h: 8,
        panel: statPanel(
          {
            title: 'Pipeline success rate',
            shows: 'Share of pipeline runs that succeeded over the dashboard’s time range, per pipeline.',
            whenRed: 'a pipeline fails too often: ask its owner for the causes of the failed runs.',
          },
          units.PercentUnit,
          [
            prom(
              `${orZero(`sum by (${LABEL.pipeline}) (increase(${runs}${sel(P, { [LABEL.outcome]: 'success' })}[${RANGE}]))`, runsInRange)} / ${runsInRange}`,
              '{{pipeline}}',
              'instant'
            ),
          ],
          { thresholds: redBelow(t.pipelineSuccess, +((1 + t.pipelineSuccess) / 2).toPrecision(12)) }
        ),
      },
    ]
  );
}
