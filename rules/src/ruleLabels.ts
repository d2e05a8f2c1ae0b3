/**
 * Labels that the rules add (the instrumentation never emits these, so they are not in the metric
 * catalog). Identity labels follow Sloth's `sloth_id` / `sloth_service` / `sloth_slo` /
 * `sloth_window`, so generic SLO dashboards work on every SLO.
 */
export const RULE_LABEL = {
  severity: 'severity',
  sloId: 'slo_id',
  sloService: 'slo_service',
  slo: 'slo',
  sloWindow: 'slo_window',
} as const;

/** The label Prometheus gives every alert: its rule's `alert` name. */
export const ALERTNAME = 'alertname';

export const SEVERITY = { page: 'critical', ticket: 'warning', info: 'info' } as const;
export type Severity = (typeof SEVERITY)[keyof typeof SEVERITY];

/** Every alert name starts with this, so routes and silences can match the whole family. */
export const ALERT_PREFIX = 'Sieve';
