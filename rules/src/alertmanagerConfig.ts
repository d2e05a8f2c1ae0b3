import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { PIPELINE_CAUSES, PIPELINE_SYMPTOMS } from './alertNames.ts';
import { anyOf } from './promql.ts';
import { ALERTNAME, RULE_LABEL, SEVERITY } from './ruleLabels.ts';

/**
 * Alertmanager routing: critical pages, warning opens a ticket, info goes nowhere. Written for
 * Alertmanager 0.25 (Debian bookworm) and later: classic matcher syntax, top-level `time_intervals`,
 * no named inhibit rules, no templated webhook URLs.
 */

export const RECEIVERS = { pager: 'pager', ticket: 'ticket', blackhole: 'blackhole' } as const;
export const MAINTENANCE = 'maintenance';

/** What `group_by` groups on: one notification per alert name and pipeline, model or SLO. */
export const GROUP_BY: readonly string[] = [ALERTNAME, LABEL.pipeline, LABEL.model, RULE_LABEL.slo];

/** The labels that make two alerts "the same thing" for the page-inhibits-ticket rule. */
export const SAME_THING: readonly string[] = [
  ALERTNAME,
  RULE_LABEL.slo,
  LABEL.pipeline,
  LABEL.model,
  LABEL.feature,
  LABEL.dataset,
  LABEL.field,
];

export interface TimeRange {
  readonly start_time: string;
  readonly end_time: string;
}
export interface TimeInterval {
  readonly weekdays?: readonly string[];
  readonly times?: readonly TimeRange[];
  readonly location?: string;
}

export interface AlertmanagerOptions {
  readonly pagerUrl: string;
  readonly ticketUrl: string;
  /** Compressed in tests; the defaults are Alertmanager's own. */
  readonly groupWait?: string;
  readonly pageGroupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  readonly pageRepeatInterval?: string;
  /** When non-critical alerts are muted. */
  readonly maintenance?: readonly TimeInterval[];
}

/** An example window: Saturdays 02:00–04:00 UTC. */
export const EXAMPLE_MAINTENANCE: readonly TimeInterval[] = [
  { weekdays: ['saturday'], times: [{ start_time: '02:00', end_time: '04:00' }], location: 'UTC' },
];

export function alertmanagerConfig(options: AlertmanagerOptions): Record<string, unknown> {
  const webhook = (url: string) => [{ url, send_resolved: true, max_alerts: 0 }];
  const maintenance = options.maintenance ?? EXAMPLE_MAINTENANCE;
  return {
    route: {
      receiver: RECEIVERS.ticket,
      group_by: GROUP_BY,
      group_wait: options.groupWait ?? '30s',
      group_interval: options.groupInterval ?? '5m',
      repeat_interval: options.repeatInterval ?? '4h',
      routes: [
        {
          receiver: RECEIVERS.pager,
          matchers: [`${RULE_LABEL.severity}="${SEVERITY.page}"`],
          group_wait: options.pageGroupWait ?? '10s',
          repeat_interval: options.pageRepeatInterval ?? '1h',
        },
        {
          receiver: RECEIVERS.ticket,
          matchers: [`${RULE_LABEL.severity}="${SEVERITY.ticket}"`],
          ...(maintenance.length ? { mute_time_intervals: [MAINTENANCE] } : {}),
        },
        { receiver: RECEIVERS.blackhole, matchers: [`${RULE_LABEL.severity}="${SEVERITY.info}"`] },
      ],
    },
    inhibit_rules: [
      {
        // Stale, drifting or incomplete data is expected while its pipeline is down or failing.
        source_matchers: [`alertname=~"${anyOf(PIPELINE_CAUSES)}"`],
        target_matchers: [`alertname=~"${anyOf(PIPELINE_SYMPTOMS)}"`],
        equal: [LABEL.pipeline],
      },
      {
        // A page covers the ticket for the same SLO (or the same alert on the same thing).
        source_matchers: [`${RULE_LABEL.severity}="${SEVERITY.page}"`],
        target_matchers: [`${RULE_LABEL.severity}="${SEVERITY.ticket}"`],
        equal: SAME_THING,
      },
    ],
    ...(maintenance.length ? { time_intervals: [{ name: MAINTENANCE, time_intervals: maintenance }] } : {}),
    receivers: [
      { name: RECEIVERS.pager, webhook_configs: webhook(options.pagerUrl) },
      { name: RECEIVERS.ticket, webhook_configs: webhook(options.ticketUrl) },
      { name: RECEIVERS.blackhole },
    ],
  };
}
