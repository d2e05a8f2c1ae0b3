import {
  DASHBOARDS,
  FINE_WINDOW,
  formatDuration,
  RECORD,
  recordedWindowNames,
  RULE_LABEL,
  sloPairs,
} from '@sieve/rules';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { commonVariables } from '../commonVariables.ts';
import { sieveDashboard } from '../frame.ts';
import type { DashboardOptions } from '../options.ts';
import { prom, redAbove, seriesNamed, statPanel, tablePanel, thresholdsOverride, timeseriesPanel } from '../panels.ts';
import { anyOf, selWhereLabelled } from '../promql.ts';
import { dataQualityQueries, featureQueries, modelQueries, pipelineQueries } from '../queries.ts';
import { specThresholds } from '../specThresholds.ts';

/** Prometheus' series of active alerts. */
const ALERTS = 'ALERTS';

/**
 * On-call: what is broken right now and where to start. Failing pipelines, freshness, latency,
 * every firing alert with its runbook, and the burn rate of each SLO.
 */
export function onCallDashboard(o: DashboardOptions) {
  const v = commonVariables(o);
  const t = specThresholds(o.spec);
  const runbook = `${o.spec.runbookBaseUrl.replace(/\/$/, '')}/\${__data.fields.alertname}.md`;
  const burn = (window: string, slos: readonly string[]) =>
    `max by (${RULE_LABEL.slo}) (${RECORD.errorRatio(window)}{${RULE_LABEL.slo}=~${JSON.stringify(anyOf(slos))}} / on (${RULE_LABEL.sloId}) group_left ${RECORD.errorBudget})`;
  // Each SLO's fastest page pair: its long window scales with the SLO's period (1h for 30 days).
  // SLOs of sparse pipelines record no windows (their runs are counted): the SLOs dashboard shows them.
  const pagePairs = o.spec.slos.flatMap((slo) => {
    const pair = sloPairs(slo).find((p) => p.tier === 'page');
    const long = pair && formatDuration(pair.long);
    return pair && long && recordedWindowNames(slo).includes(long)
      ? [{ slo: slo.name, long, factor: pair.factor }]
      : [];
  });
  const longWindows = [...new Set(pagePairs.map((p) => p.long))];
  const factors = [...new Set(pagePairs.map((p) => p.factor))];
  const pageAt =
    factors.length === 1
      ? `${factors[0]}×`
      : factors
          .map((f) => `${f}× for ${pagePairs.flatMap((p) => (p.factor === f ? [p.slo] : [])).join(', ')}`)
          .join('; ');
  // The window of the recorded current burn rate (5m).
  const fine = formatDuration(FINE_WINDOW);
  const current = `max by (${RULE_LABEL.slo}) (${RECORD.currentBurnRate})`;
  const firing = tablePanel(
    {
      title: 'Firing alerts',
      shows:
        'Every alert Prometheus fires now, with its labels; each row links to the alert’s runbook. The pipeline and model choices narrow the alerts about a pipeline or a model; alerts about neither (a dataset, a feature, a target) always show.',
      whenRed: 'open the runbook link of the critical alerts first; warnings can wait for working hours.',
    },
    units.NoUnit,
    [
      prom(
        `${ALERTS}${selWhereLabelled({ [LABEL.pipeline]: LABEL.pipeline, [LABEL.model]: LABEL.model }, { alertstate: 'firing' })}`,
        '{{alertname}}',
        'instant',
        prometheus.PromQueryFormat.Table
      ),
    ]
  ).dataLinks([
    new dashboard.DashboardLinkBuilder('Runbook').type(dashboard.DashboardLinkType.Link).url(runbook).targetBlank(true),
  ]);
  const burnRates = timeseriesPanel(
    {
      title: 'Burn rate per SLO',
      shows: `How fast each SLO burns its error budget, over the last ${fine} and over the long window of its fastest page alert (${longWindows.join(', ') || 'none'}; 1 = exactly on budget). Each SLO’s line turns orange above 1 and red above its own page factor (${pageAt || 'none'}).`,
      whenRed: `an SLO burns faster than its page factor over its long and short windows: its page alert fires; open the SLOs dashboard.`,
    },
    units.NoUnit,
    [
      prom(current, `{{slo}} ${fine}`),
      ...longWindows.map((long) =>
        prom(
          burn(
            long,
            pagePairs.filter((p) => p.long === long).map((p) => p.slo)
          ),
          `{{slo}} ${long}`
        )
      ),
    ],
    // One dashed line per panel (Grafana draws the first series' thresholds): only when every SLO pages at it.
    factors.length === 1 ? { min: 0, thresholds: redAbove(factors[0]!, 1) } : { min: 0 }
  );
  // Each SLO's own page factor, as its line's colour (from thresholds, by value).
  for (const p of pagePairs) {
    burnRates.overrideByRegexp(seriesNamed(p.slo), [
      thresholdsOverride(redAbove(p.factor, 1)),
      { id: 'color', value: { mode: dashboard.FieldColorModeId.Thresholds } },
      { id: 'custom.gradientMode', value: common.GraphGradientMode.Scheme },
    ]);
  }
  return sieveDashboard(
    {
      uid: DASHBOARDS.onCall,
      title: 'Sieve / On-call',
      description:
        'What is broken now: failing pipelines, stale data (watermarks), slow models, firing alerts and burning SLOs.',
      from: 'now-6h',
      variables: [v.datasource(), v.pipeline(), v.dataset(), v.model(), v.feature(true)],
    },
    [
      {
        w: 8,
        h: 7,
        panel: tablePanel(
          {
            title: 'Pipelines failing now',
            shows: 'Pipelines whose last run did not succeed (or that never succeeded), with the time of that run.',
            whenRed: 'a pipeline is failing: open its last run’s logs; the pipelines dashboard shows since when.',
          },
          units.DateTimeFromNow,
          [prom(pipelineQueries.failingNow, '{{pipeline}}', 'instant')],
          { thresholds: redAbove(0) }
        ),
      },
      {
        w: 8,
        h: 7,
        panel: tablePanel(
          {
            title: 'Last successful run',
            shows: 'When each pipeline last succeeded.',
            whenRed: 'the last success is older than the pipeline’s schedule: it is stuck or failing.',
          },
          units.DateTimeFromNow,
          [prom(pipelineQueries.lastSuccessMs, '{{pipeline}}', 'instant')]
        ),
      },
      {
        w: 8,
        h: 7,
        panel: statPanel(
          {
            title: 'Data watermark age',
            shows:
              'Event-time age of the data: seconds since the watermark (newest event time processed) of each pipeline and dataset. Unlike the last successful run, it grows when a job runs and succeeds on old input.',
            whenRed: `the data is older than ${t.pipelineMaxAge / 3600} h: downstream consumers read stale data; if the last run succeeded, the input is late (check the upstream source), otherwise fix the pipeline first.`,
          },
          units.Seconds,
          [
            prom(pipelineQueries.watermarkAge, '{{pipeline}}', 'instant'),
            prom(dataQualityQueries.watermarkAge, '{{dataset}}', 'instant'),
          ],
          { thresholds: redAbove(t.pipelineMaxAge, Math.min(3600, t.pipelineMaxAge / 2)) }
        ),
      },
      {
        w: 8,
        h: 8,
        panel: statPanel(
          {
            title: 'Feature freshness',
            shows: 'Seconds since each feature last received a value.',
            whenRed: 'a feature is stale: models read old values; check the pipeline that computes it.',
          },
          units.Seconds,
          [prom(featureQueries.secondsSinceUpdate, '{{feature}}', 'instant')],
          { thresholds: redAbove(t.featureMaxAge) }
        ),
      },
      {
        w: 16,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Model latency p95',
            shows: `95th percentile prediction latency per model; red above ${t.latency * 1000} ms, the latency SLO's threshold.`,
            whenRed: 'predictions are slow: check the model server’s load and recent rollouts.',
          },
          units.Seconds,
          [prom(modelQueries.latencyQuantile(0.95), '{{model}}')],
          { min: 0, thresholds: redAbove(t.latency) }
        ),
      },
      { w: 24, h: 8, panel: firing },
      { w: 24, h: 8, panel: burnRates },
    ]
  );
}
