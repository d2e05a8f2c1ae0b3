import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { DAY1, PANEL } from './fixture.ts';

/**
 * The QueryData requests the Go suite sends, each compared with its golden file
 * (`testdata/golden/<name>.jsonc`, one per refId when a case has several). `upstream` names the
 * server the datasource settings point at; the Go suite starts the misbehaving ones.
 */
export type Upstream =
  | 'prometheus'
  | 'unauthorized'
  | 'notPrometheus'
  | 'slow'
  | 'closed'
  | 'invalidUrl'
  // The Prometheus behind Go's TLS server with a self-signed certificate; with
  // `jsonData.tlsAuthWithCACert` the suite puts that certificate into `secureJsonData.tlsCACert`.
  | 'tlsPrometheus';

export interface ConformanceQuery {
  refId: string;
  queryType: string;
  /** The query model; a string is sent as is (for invalid JSON). */
  json: Record<string, unknown> | string;
  fromMs: number;
  toMs: number;
  maxDataPoints?: number;
  intervalMs?: number;
}

export interface ConformanceCase {
  name: string;
  upstream: Upstream;
  /** Sent as Grafana's alert evaluator sends it (FromAlert header). */
  fromAlert?: boolean;
  jsonData?: Record<string, unknown>;
  queries: ConformanceQuery[];
}

const q = (queryType: string, json: ConformanceQuery['json'], range = PANEL): ConformanceQuery => ({
  refId: 'A',
  queryType,
  json,
  fromMs: range.fromMs,
  toMs: range.toMs,
  maxDataPoints: 1000,
  intervalMs: 60_000,
});

const iso = (ms: number) => new Date(ms).toISOString();
const series = { step: '30m', window: '1h' };
const anomalyExpr = METRICS.featurePsi.prometheus.name;
const lastHour = { fromMs: PANEL.toMs - 3_600_000, toMs: PANEL.toMs };

export const CASES: ConformanceCase[] = [
  // Drift: time series and table, each baseline mode.
  { name: 'drift_timeseries_exported', upstream: 'prometheus', queries: [q('drift', series)] },
  {
    name: 'drift_timeseries_offset',
    upstream: 'prometheus',
    queries: [q('drift', { ...series, baseline: { type: 'offset', offset: '1d' } })],
  },
  {
    name: 'drift_timeseries_range',
    upstream: 'prometheus',
    queries: [
      q('drift', { ...series, measure: 'js', baseline: { type: 'range', from: iso(DAY1.fromMs), to: iso(DAY1.toMs) } }),
    ],
  },
  { name: 'drift_table_exported', upstream: 'prometheus', queries: [q('drift', { format: 'table' })] },
  {
    name: 'drift_table_offset',
    upstream: 'prometheus',
    queries: [q('drift', { format: 'table', measure: 'hellinger', baseline: { type: 'offset', offset: '1d' } })],
  },
  {
    name: 'drift_table_range',
    upstream: 'prometheus',
    queries: [
      q('drift', {
        format: 'table',
        features: `${LABEL.feature}=~"shifted_num|country"`,
        baseline: { type: 'range', from: DAY1.fromMs, to: DAY1.toMs },
      }),
    ],
  },
  // A matcher that matches nothing: the data plane's "no data" frame with a notice, and an empty table.
  {
    name: 'drift_no_match',
    upstream: 'prometheus',
    queries: [
      q('drift', { ...series, features: `${LABEL.feature}="no_such_feature"` }),
      { ...q('drift', { format: 'table', features: `${LABEL.feature}="no_such_feature"` }), refId: 'B' },
    ],
  },
  // Anomaly: every series as timeseries-multi frames, one per series_kind.
  {
    name: 'anomaly_timeseries',
    upstream: 'prometheus',
    queries: [q('anomaly', { expr: anomalyExpr, step: '10m', detector: 'zscore', params: { window: 36, alarm: 0.2 } })],
  },
  // Alert-style requests: what Grafana's alert evaluator sends and reads.
  { name: 'alert_drift', upstream: 'prometheus', fromAlert: true, queries: [q('drift', {}, lastHour)] },
  {
    name: 'alert_anomaly',
    upstream: 'prometheus',
    fromAlert: true,
    queries: [q('anomaly', { expr: anomalyExpr, step: '10m' }, lastHour)],
  },
  // Error classes: each its own status and error source, no frames.
  { name: 'error_invalid_json', upstream: 'prometheus', queries: [q('drift', '{"measure":')] },
  { name: 'error_unknown_query_type', upstream: 'prometheus', queries: [q('forecast', {})] },
  { name: 'error_invalid_field', upstream: 'prometheus', queries: [q('drift', { measure: 'psx' })] },
  {
    name: 'error_reversed_range',
    upstream: 'prometheus',
    queries: [q('drift', {}, { fromMs: PANEL.toMs, toMs: PANEL.fromMs })],
  },
  { name: 'error_too_many_points', upstream: 'prometheus', queries: [q('drift', { step: '1s' })] },
  { name: 'error_promql', upstream: 'prometheus', queries: [q('anomaly', { expr: 'sum(' })] },
  // Upstream failures through an anomaly query: one upstream request, so one deterministic message
  // (a drift query's concurrent requests race to report theirs).
  { name: 'error_unreachable', upstream: 'closed', queries: [q('anomaly', { expr: anomalyExpr })] },
  { name: 'error_unauthorized', upstream: 'unauthorized', queries: [q('anomaly', { expr: anomalyExpr })] },
  { name: 'error_not_prometheus', upstream: 'notPrometheus', queries: [q('anomaly', { expr: anomalyExpr })] },
  {
    name: 'error_timeout',
    upstream: 'slow',
    jsonData: { timeoutSeconds: 1 },
    queries: [q('anomaly', { expr: anomalyExpr })],
  },
  { name: 'error_invalid_settings', upstream: 'invalidUrl', queries: [q('drift', {})] },
  // TLS: a certificate the host does not trust is a TLS error, not "unreachable"; the CA from
  // tlsCACert, or tlsSkipVerify, give the same answer as plain HTTP (anomaly_timeseries).
  { name: 'error_tls_untrusted', upstream: 'tlsPrometheus', queries: [q('anomaly', { expr: anomalyExpr })] },
  {
    name: 'tls_ca_cert',
    upstream: 'tlsPrometheus',
    jsonData: { tlsAuthWithCACert: true },
    queries: [q('anomaly', { expr: anomalyExpr, step: '10m', detector: 'zscore', params: { window: 36, alarm: 0.2 } })],
  },
  {
    name: 'tls_skip_verify',
    upstream: 'tlsPrometheus',
    jsonData: { tlsSkipVerify: true },
    queries: [q('anomaly', { expr: anomalyExpr, step: '10m', detector: 'zscore', params: { window: 36, alarm: 0.2 } })],
  },
  // One request mixing answers and errors: each refId keeps its own.
  {
    name: 'mixed',
    upstream: 'prometheus',
    queries: [
      { ...q('drift', { format: 'table' }), refId: 'ok' },
      { ...q('drift', { measure: 'psx' }), refId: 'bad' },
    ],
  },
];
