import { DASHBOARDS, PANELS } from '@sieve/rules';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { METRICS } from '@sieve/otel-instrumentation/catalog';
import { commonVariables } from '../commonVariables.ts';
import { sieveDashboard } from '../frame.ts';
import type { DashboardOptions } from '../options.ts';
import { prom, redAbove, redBelow, statPanel, timeseriesPanel } from '../panels.ts';
import { ANY } from '../promql.ts';
import { dataQualityQueries as Q, instrumentationQueries, pipelineQueries } from '../queries.ts';
import { specThresholds } from '../specThresholds.ts';
import type { PanelText } from '../text.ts';

/** The last row: what the instrumentation kept out of the data, each red as soon as there is any. */
const LIMITS: ReadonlyArray<{ text: PanelText; unit: string; expr: string; legend: string }> = [
  {
    text: {
      title: 'Masked field names',
      shows:
        'Values checked per second under a field whose name looked like personal data (an email, a phone or card number used as a key), exported as __pii_<kind>__, per dataset and kind.',
      whenRed:
        'records carry personal data in their keys (often a map keyed by user): fix the producer’s schema; the raw names never left the process.',
    },
    unit: units.CountsPerSecond,
    expr: Q.fieldsMasked,
    legend: '{{dataset}} {{pii_kind}}',
  },
  {
    text: {
      title: 'Series past the cardinality limit',
      shows:
        'Attempts per second to create a series past a cardinality limit, per metric and per handle (a dataset, a feature, a model version or a pipeline): the handle’s own limit on its series in each metric (cardinalityLimit), or the metric’s ceiling over all handles (maxSeries). The handle named here folded those values into its otel_metric_overflow series; the others keep recording.',
      whenRed: `that handle’s per-label panels miss data. A dataset overflows when its field names come from the data (ids or user keys as fields): fix the producer’s schema. A feature or model version overflows only when the limit is below its bins, categories or error types: raise cardinalityLimit in startSieve (${METRICS.instrumentationCardinalityLimit.prometheus.name} shows the current one). Many handles overflowing in one metric at once: it reached maxSeries; raise that, or create fewer handles.`,
    },
    unit: units.OpsPerSecond,
    expr: instrumentationQueries.overflow,
    legend: '{{metric}} {{pipeline}}{{dataset}}{{feature}}{{model}} {{version}}',
  },
  {
    text: {
      title: 'Values the instrumentation rejected',
      shows:
        'Values per second the instrumentation counted instead of recording (NaN, infinite or negative amounts, wrong types), per metric and reason; the pipeline kept running.',
      whenRed:
        'the code calling the instrumentation passes bad values: the affected metric under-counts; find the call site by the metric name.',
    },
    unit: units.CountsPerSecond,
    expr: instrumentationQueries.invalid,
    legend: '{{metric}} {{reason}}',
  },
];

/** Data quality: schema changes, completeness per field, type violations, and the rows pipelines drop. */
export function dataQualityDashboard(o: DashboardOptions) {
  const v = commonVariables(o);
  const t = specThresholds(o.spec);
  return sieveDashboard(
    {
      uid: DASHBOARDS.dataQuality,
      title: 'Sieve / Data quality',
      description:
        'Schema, completeness, type checks and data age of the datasets pipelines read and write; masked PII field names and the instrumentation’s own limits.',
      from: 'now-24h',
      variables: [v.datasource(), v.dataset(), v.pipeline()],
    },
    [
      {
        id: PANELS.schemaChanges,
        w: 8,
        h: 7,
        panel: statPanel(
          {
            title: 'Schema changes in the range',
            shows: 'Schema changes (fields added, removed or retyped) per dataset over the dashboard’s time range.',
            whenRed:
              'a schema changed: find the producer’s release that changed it and check every consumer of the field (runbook SieveSchemaChanged).',
          },
          units.Short,
          [prom(Q.schemaChanges, '{{dataset}}', 'instant')],
          { thresholds: redAbove(ANY) }
        ),
      },
      {
        id: PANELS.completeness,
        w: 16,
        h: 7,
        panel: timeseriesPanel(
          {
            title: 'Completeness per field',
            shows: `Share of checked records that have each field, per dataset; fields that were never missing are not drawn. Red below ${t.minCompleteness * 100}%.`,
            whenRed:
              'a field goes missing: check the source system and the join that fills it (runbook SieveDatasetIncomplete).',
          },
          units.PercentUnit,
          [prom(Q.completeness, '{{dataset}} {{field}}')],
          { max: 1, thresholds: redBelow(t.minCompleteness) }
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Type violations',
            shows:
              'Values per second whose type differs from the declared or first-seen schema, per dataset and field.',
            whenRed:
              'a producer writes another type: it usually comes with a schema change; fix the producer or the schema.',
          },
          units.CountsPerSecond,
          [prom(Q.typeViolations, '{{dataset}} {{field}}')],
          { thresholds: redAbove(ANY) }
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Records checked',
            shows: 'Records checked for quality per second, per dataset.',
            whenRed: 'no records are checked: the quality checks or the pipeline feeding them stopped.',
          },
          units.CountsPerSecond,
          [prom(Q.records, '{{dataset}}')]
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Rows dropped by pipelines',
            shows: 'Rows pipelines dropped per second (filtered out or rejected), per pipeline.',
            whenRed: 'pipelines drop more rows: bad input is being rejected upstream of the datasets above.',
          },
          units.CountsPerSecond,
          [prom(pipelineQueries.rowsDropped, '{{pipeline}}')]
        ),
      },
      {
        w: 24,
        h: 7,
        panel: timeseriesPanel(
          {
            title: 'Dataset watermark age',
            shows:
              'Event-time age of the newest data in each dataset: seconds since its watermark (for datasets whose writer sets one).',
            whenRed: `the newest data is older than ${t.pipelineMaxAge / 3600} h: the source stopped delivering or its pipeline is behind; checks above only see old records.`,
          },
          units.Seconds,
          [prom(Q.watermarkAge, '{{dataset}}')],
          { min: 0, thresholds: redAbove(t.pipelineMaxAge) }
        ),
      },
      { row: 'PII and instrumentation limits' },
      ...LIMITS.map(({ text, unit, expr, legend }) => ({
        w: 8,
        h: 8,
        panel: timeseriesPanel(text, unit, [prom(expr, legend)], { min: 0, thresholds: redAbove(ANY) }),
      })),
    ]
  );
}
