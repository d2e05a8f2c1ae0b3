import {
  BURN_ALERTS,
  DASHBOARDS,
  DIRECT_ALERTS,
  PIPELINE_CAUSES,
  RECORD,
  RULE_LABEL,
  SAME_THING,
  SEVERITY,
} from '@sieve/rules';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { commonVariables } from '../commonVariables.ts';
import { sieveDashboard } from '../frame.ts';
import type { DashboardOptions } from '../options.ts';
import { prom, redAbove, redBelow, seriesNamed, statPanel, thresholdsOverride, timeseriesPanel } from '../panels.ts';
import { anyOf, orZero, RANGE, sel, selWhereLabelled } from '../promql.ts';
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
 * Drift alerts as the on-call received them, per severity: one per alert and thing (feature, SLO)
 * however many burn windows fire, without the tickets a page on the same thing inhibits, or the
 * alerts inhibited while their pipeline is down or failing (rules' Alertmanager inhibit rules).
 */
function driftIncidents(severity: string): string {
  const drift = [DIRECT_ALERTS.featureDrift, BURN_ALERTS.drift];
  const firing = (s: string) =>
    `count by (${SAME_THING.join(', ')}) (ALERTS${sel({}, { alertstate: 'firing', [RULE_LABEL.severity]: s }, { alertname: anyOf(drift) })})`;
  const causes = `ALERTS${sel({}, { alertstate: 'firing' }, { alertname: anyOf(PIPELINE_CAUSES) })}`;
  const received = (s: string) => `(${firing(s)} unless on (${LABEL.pipeline}) ${causes})`;
  const pages = received(SEVERITY.page);
  const shown =
    severity === SEVERITY.page ? pages : `(${received(severity)} unless on (${SAME_THING.join(', ')}) ${pages})`;
  return `count(${shown}) or vector(0)`;
}

/**
 * Executive: over the whole period, are we meeting our SLOs, how good are the models, what do
 * predictions cost, how often did data drift, and how reliable are the pipelines.
 */
export function executiveDashboard(o: DashboardOptions) {
  const v = commonVariables(o);
  const t = specThresholds(o.spec);
  // An SLO is about a pipeline or a model (or neither): each choice narrows only its own kind.
  const filter = selWhereLabelled({ [LABEL.pipeline]: LABEL.pipeline, [LABEL.model]: LABEL.model });
  const idLabels = SLI_IDENTITY.join(', ');
  const runs = METRICS.pipelineRuns.prometheus.name;
  const P = { [LABEL.pipeline]: LABEL.pipeline };
  const runsInRange = `sum by (${LABEL.pipeline}) (increase(${runs}${sel(P)}[${RANGE}]))`;
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
                'One minus each SLO’s period error ratio, per SLO and per pipeline, model, feature or field. Event SLIs (runs, requests, records): good events / all events over the period, scaled so time before the data existed counts as good. Time SLIs (freshness, drift, quality, cost): the share of the period’s minutes that were good (missing minutes count as the SLI’s missing-data rule says). The pipeline and model choices narrow the SLOs of a pipeline or a model; the others (features, datasets) always show.',
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
            shows:
              'Share of each SLO’s error budget left over its period (1 − period error ratio / budget, the ratio as in SLO compliance), per pipeline and model: 0 = spent, below 0 = overspent (−1 is twice the budget). The pipeline and model choices narrow the SLOs of a pipeline or a model; the others always show.',
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
            shows:
              'Drift alerts firing as the on-call received them, by severity: one per alert and feature (PSI alerts) or drift SLO and feature (burn alerts), however many burn windows fire; tickets inhibited by a page on the same thing, and alerts inhibited while their pipeline is down or failing, are not counted. Grafana-managed window-drift alerts are not in Prometheus and not counted.',
            whenRed: 'features keep drifting: the models may need retraining on recent data.',
          },
          units.Short,
          [prom(driftIncidents(SEVERITY.page), SEVERITY.page), prom(driftIncidents(SEVERITY.ticket), SEVERITY.ticket)],
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
