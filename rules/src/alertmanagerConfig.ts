import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { PIPELINE_CAUSES, PIPELINE_SYMPTOMS } from './alertNames.ts';
import { anyOf } from './promql.ts';
import { ALERT_PREFIX, ALERTNAME, RULE_LABEL, SEVERITY } from './ruleLabels.ts';
import type { Spec } from './spec.ts';

/**
 * Alertmanager routing: critical pages, warning opens a ticket, info goes nowhere. Everything Sieve
 * sends hangs under one route (`alertname=~"Sieve.*"`) that teams merge into their existing config
 * (`sieve-routes.yml`); `alertmanager.yml` is the whole demo config built around it. Every route,
 * with a severity or without, is muted in the maintenance window. Written for Alertmanager 0.25
 * (Debian bookworm) and later: classic matchers, top-level `time_intervals`, no named inhibit rules.
 */

/** Receiver names, prefixed so they do not collide with a team's own when merged. */
export const RECEIVERS = { pager: 'sieve-pager', ticket: 'sieve-ticket', blackhole: 'sieve-blackhole' } as const;
export const MAINTENANCE = 'sieve-maintenance';

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

/**
 * How often a notified group is re-evaluated for changes. An alert that fires and clears between
 * two such flushes of a group that was already notified (the 6h/30m page) reaches the receiver only
 * as RESOLVED (review F11): burn alerts keep firing this long (scaled with the rules) to outlive it.
 */
export const GROUP_INTERVAL = '5m';

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
  /** When every Sieve notification is muted. */
  readonly maintenance?: readonly TimeInterval[];
}

/** An example window: Saturdays 02:00–04:00 UTC. */
export const EXAMPLE_MAINTENANCE: readonly TimeInterval[] = [
  { weekdays: ['saturday'], times: [{ start_time: '02:00', end_time: '04:00' }], location: 'UTC' },
];

type Config = Record<string, unknown>;

/** The Sieve route: merge it into `route.routes` of an existing config. */
export function sieveRoute(options: Omit<AlertmanagerOptions, 'pagerUrl' | 'ticketUrl'> = {}): Config {
  const muted = (options.maintenance ?? EXAMPLE_MAINTENANCE).length ? { mute_time_intervals: [MAINTENANCE] } : {};
  return {
    receiver: RECEIVERS.ticket,
    matchers: [`${ALERTNAME}=~"${ALERT_PREFIX}.*"`],
    group_by: GROUP_BY,
    group_wait: options.groupWait ?? '30s',
    group_interval: options.groupInterval ?? GROUP_INTERVAL,
    repeat_interval: options.repeatInterval ?? '4h',
    ...muted,
    routes: [
      {
        receiver: RECEIVERS.pager,
        matchers: [`${RULE_LABEL.severity}="${SEVERITY.page}"`],
        group_wait: options.pageGroupWait ?? '10s',
        repeat_interval: options.pageRepeatInterval ?? '1h',
        ...muted,
      },
      { receiver: RECEIVERS.ticket, matchers: [`${RULE_LABEL.severity}="${SEVERITY.ticket}"`], ...muted },
      { receiver: RECEIVERS.blackhole, matchers: [`${RULE_LABEL.severity}="${SEVERITY.info}"`], ...muted },
    ],
  };
}

export function inhibitRules(): Config[] {
  return [
    {
      // Stale, drifting, incomplete or missing SLI data is expected while its pipeline is down or failing.
      source_matchers: [`alertname=~"${anyOf(PIPELINE_CAUSES)}"`],
      target_matchers: [`alertname=~"${anyOf(PIPELINE_SYMPTOMS)}"`],
      equal: [LABEL.pipeline],
    },
    {
      // A page covers the ticket for the same SLO (or the same alert on the same thing).
      source_matchers: [`${RULE_LABEL.severity}="${SEVERITY.page}"`, `${ALERTNAME}=~"${ALERT_PREFIX}.*"`],
      target_matchers: [`${RULE_LABEL.severity}="${SEVERITY.ticket}"`, `${ALERTNAME}=~"${ALERT_PREFIX}.*"`],
      equal: SAME_THING,
    },
  ];
}

function timeIntervals(maintenance: readonly TimeInterval[]): Config {
  return maintenance.length ? { time_intervals: [{ name: MAINTENANCE, time_intervals: maintenance }] } : {};
}

/** The whole demo config: webhook receivers, the Sieve route, and a muted catch-all for anything else. */
export function alertmanagerConfig(options: AlertmanagerOptions): Config {
  const webhook = (url: string) => [{ url, send_resolved: true, max_alerts: 0 }];
  const maintenance = options.maintenance ?? EXAMPLE_MAINTENANCE;
  const route = sieveRoute(options);
  return {
    route: {
      receiver: RECEIVERS.ticket,
      group_by: GROUP_BY,
      // The root route cannot be muted; nothing reaches it: anything not from Sieve takes the last route.
      routes: [
        route,
        {
          receiver: RECEIVERS.ticket,
          ...(maintenance.length ? { mute_time_intervals: [MAINTENANCE] } : {}),
        },
      ],
    },
    inhibit_rules: inhibitRules(),
    ...timeIntervals(maintenance),
    receivers: [
      { name: RECEIVERS.pager, webhook_configs: webhook(options.pagerUrl) },
      { name: RECEIVERS.ticket, webhook_configs: webhook(options.ticketUrl) },
      { name: RECEIVERS.blackhole },
    ],
  };
}

/** An existing team config with the Sieve subtree merged in, for each way of paging. */
function mergedExample(receivers: Config[], global: Config = {}): Config {
  return {
    ...(Object.keys(global).length ? { global } : {}),
    route: {
      receiver: 'team-default',
      group_by: [ALERTNAME],
      // Sieve's route first: its matcher takes only Sieve's alerts; the team's routes follow.
      routes: [sieveRoute(), { receiver: 'team-default', matchers: ['team="web"'] }],
    },
    inhibit_rules: inhibitRules(),
    ...timeIntervals(EXAMPLE_MAINTENANCE),
    receivers: [{ name: 'team-default' }, ...receivers, { name: RECEIVERS.blackhole }],
  };
}

export interface AlertmanagerDocument {
  readonly comment: string;
  readonly config: Config;
}

export const ALERTMANAGER_FILES = {
  demo: 'alertmanager.yml',
  subtree: 'sieve-routes.yml',
  pagerduty: 'example-pagerduty.yml',
  slack: 'example-slack.yml',
  email: 'example-email.yml',
} as const;

/** Every Alertmanager file, keyed by file name. */
export function alertmanagerFiles(spec: Spec): Record<string, AlertmanagerDocument> {
  const merge = [
    'An existing Alertmanager config with the Sieve routing merged in (see rules/README.md, "Merging the',
    'routing"): the Sieve route, its inhibit rules and time interval copied from sieve-routes.yml, and the',
    'sieve-pager / sieve-ticket / sieve-blackhole receivers defined as the team pages. Keys are placeholders.',
  ].join('\n');
  return {
    [ALERTMANAGER_FILES.demo]: {
      comment: 'The demo config: the Sieve routing with webhook receivers (spec: alertmanager.pagerUrl, ticketUrl).',
      config: alertmanagerConfig(spec.alertmanager),
    },
    [ALERTMANAGER_FILES.subtree]: {
      comment: [
        'The Sieve routing, to merge into an existing Alertmanager config: put route.routes[0] (the Sieve route)',
        'first under your `route.routes`, append `inhibit_rules` and `time_intervals` to yours, and define the receivers',
        `${RECEIVERS.pager}, ${RECEIVERS.ticket} and ${RECEIVERS.blackhole} (examples: example-*.yml).`,
      ].join('\n'),
      // A valid config on its own (amtool checks it): the Sieve route is route.routes[0].
      config: {
        route: { receiver: RECEIVERS.blackhole, routes: [sieveRoute()] },
        inhibit_rules: inhibitRules(),
        ...timeIntervals(EXAMPLE_MAINTENANCE),
        receivers: Object.values(RECEIVERS).map((name) => ({ name })),
      },
    },
    [ALERTMANAGER_FILES.pagerduty]: {
      comment: merge,
      config: mergedExample([
        { name: RECEIVERS.pager, pagerduty_configs: [{ routing_key: 'REPLACE-WITH-PAGERDUTY-INTEGRATION-KEY' }] },
        {
          name: RECEIVERS.ticket,
          pagerduty_configs: [{ routing_key: 'REPLACE-WITH-LOW-URGENCY-INTEGRATION-KEY', severity: 'warning' }],
        },
      ]),
    },
    [ALERTMANAGER_FILES.slack]: {
      comment: merge,
      config: mergedExample(
        [
          { name: RECEIVERS.pager, slack_configs: [{ channel: '#data-oncall', send_resolved: true }] },
          { name: RECEIVERS.ticket, slack_configs: [{ channel: '#data-alerts', send_resolved: true }] },
        ],
        { slack_api_url: 'https://hooks.slack.com/services/REPLACE/WITH/WEBHOOK' }
      ),
    },
    [ALERTMANAGER_FILES.email]: {
      comment: merge,
      config: mergedExample(
        [
          { name: RECEIVERS.pager, email_configs: [{ to: 'data-oncall@example.com', send_resolved: true }] },
          { name: RECEIVERS.ticket, email_configs: [{ to: 'data-team@example.com' }] },
        ],
        { smtp_smarthost: 'smtp.example.com:587', smtp_from: 'alertmanager@example.com' }
      ),
    },
  };
}
