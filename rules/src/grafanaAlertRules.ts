import { createHash } from 'node:crypto';
import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { GRAFANA_ALERTS } from './alertNames.ts';
import { annotations, DASHBOARDS, labelRef, PANELS } from './annotations.ts';
import { parseDuration } from './durations.ts';
import { anyOf, num } from './promql.ts';
import { RULE_LABEL, SEVERITY } from './ruleLabels.ts';
import type { PipelineAlerts, Spec } from './spec.ts';

/**
 * Grafana-managed alert rules (file provisioning, `apiVersion: 1`) for what PromQL cannot express:
 * PSI between the last hour and the same hour a week earlier, computed from the histogram buckets
 * by the Sieve datasource at query time. One folder per pipeline keeps titles unique per folder.
 */

/** The Sieve datasource as provisioned (provisioning/datasources/sieve.yaml). */
export const SIEVE_DATASOURCE = { type: 'sieve-datamining-datasource', uid: 'sieve-datamining' } as const;

/** The current window, and how far back the baseline window lies. */
export const WINDOWED_DRIFT = { window: '1h', baselineOffset: '7d', step: '5m' } as const;

/** Grafana's rule UID rule: at most 40 characters of letters, digits, `-` and `_`. */
export const GRAFANA_UID = /^[a-zA-Z0-9_-]{1,40}$/;
const UID_MAX = 40;

/**
 * A valid, unique UID for any name: the name itself when it already is one; otherwise its valid
 * characters, shortened, plus a hash of the whole name, so `customer-transactions-stream` and
 * `customer-transactions-batch` or `payments.etl v2` and `payments-etl-v2` never share one.
 */
export function grafanaRuleUid(name: string): string {
  if (GRAFANA_UID.test(name)) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  const readable = name.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, UID_MAX - hash.length - 1);
  return `${readable}-${hash}`;
}

export function grafanaAlertRules(spec: Spec): Record<string, unknown> {
  const pipelines = spec.pipelines.filter((p) => p.features);
  return {
    apiVersion: 1,
    groups: pipelines.map((p) => ({
      orgId: 1,
      name: `sieve-window-drift-${p.name}`,
      folder: `Sieve ${p.name}`,
      interval: '1m',
      rules: [windowDriftRule(spec, p)],
    })),
  };
}

function windowDriftRule(spec: Spec, p: PipelineAlerts): Record<string, unknown> {
  const f = p.features;
  if (!f) throw new Error(`pipeline ${p.name} has no features`);
  const alert = GRAFANA_ALERTS.windowedDrift;
  const F = labelRef(LABEL.feature);
  return {
    uid: grafanaRuleUid(`sieve-window-drift-${p.name}`),
    title: alert,
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: 2 * parseDuration(WINDOWED_DRIFT.step), to: 0 },
        datasourceUid: SIEVE_DATASOURCE.uid,
        model: {
          refId: 'A',
          datasource: SIEVE_DATASOURCE,
          queryType: 'drift',
          features: `${LABEL.feature}=~"${anyOf(f.names)}"`,
          measure: 'psi',
          baseline: { type: 'offset', offset: WINDOWED_DRIFT.baselineOffset },
          window: WINDOWED_DRIFT.window,
          step: WINDOWED_DRIFT.step,
          format: 'timeseries',
        },
      },
      // For alert requests the datasource answers `psi_verdict` (its default `alertValue`): the PSI
      // when the change is beyond sampling noise at these window sizes, else 0. B and C therefore
      // respect sample size, and the thresholds stay the PSI bands.
      {
        refId: 'B',
        datasourceUid: '__expr__',
        model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last', settings: { mode: 'dropNN' } },
      },
      {
        refId: 'C',
        datasourceUid: '__expr__',
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: 'gt', params: [f.psi.moderate] } }],
        },
      },
    ],
    noDataState: 'OK',
    execErrState: 'Error',
    for: f.psi.pageFor,
    labels: {
      ...spec.labels,
      [LABEL.pipeline]: p.name,
      // Grafana expands label templates: one rule, ticket at moderate, page at significant.
      [RULE_LABEL.severity]: `{{ if gt $values.B.Value ${num(f.psi.significant)} }}${SEVERITY.page}{{ else }}${SEVERITY.ticket}{{ end }}`,
    },
    annotations: annotations(
      spec,
      alert,
      {
        summary: 'A feature drifted from the same window a week earlier.',
        description: `PSI of feature ${F} (pipeline ${p.name}) between the last ${WINDOWED_DRIFT.window} and the same ${WINDOWED_DRIFT.window} ${WINDOWED_DRIFT.baselineOffset} earlier is {{ humanize $values.B.Value }} (moderate above ${num(f.psi.moderate)}, significant above ${num(f.psi.significant)}).`,
      },
      DASHBOARDS.features,
      [[LABEL.pipeline, p.name], LABEL.feature],
      PANELS.featureWindowDrift
    ),
    isPaused: false,
  };
}
