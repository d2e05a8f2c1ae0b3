import { stringify } from 'yaml';
import { startAlertmanager, type AlertmanagerServer, type WebhookNotification } from '@sieve/testkit';
import { alertmanagerConfig, RECEIVERS, type TimeInterval } from '../../src/alertmanagerConfig.ts';

/** The webhook path each receiver posts to. */
export const WEBHOOK_PATH: Readonly<Record<string, string>> = {
  [RECEIVERS.pager]: '/page',
  [RECEIVERS.ticket]: '/ticket',
};

/** Whether a notification carries an alert in `status` whose labels include `labels`. */
export function carries(
  n: WebhookNotification,
  labels: Readonly<Record<string, string>>,
  status: 'firing' | 'resolved' = 'firing'
): boolean {
  return n.payload.alerts.some(
    (a) => a.status === status && Object.entries(labels).every(([k, v]) => a.labels[k] === v)
  );
}

/** The generated routing with compressed timings and both receivers pointed at a local webhook. */
export function startTestAlertmanager(
  webhookUrl: string,
  maintenance: readonly TimeInterval[] = []
): Promise<AlertmanagerServer> {
  const config = alertmanagerConfig({
    pagerUrl: `${webhookUrl}${WEBHOOK_PATH[RECEIVERS.pager]}`,
    ticketUrl: `${webhookUrl}${WEBHOOK_PATH[RECEIVERS.ticket]}`,
    groupWait: '1s',
    pageGroupWait: '1s',
    groupInterval: '1s',
    repeatInterval: '1h',
    pageRepeatInterval: '1h',
    maintenance,
  });
  return startAlertmanager(stringify(config));
}

/** An alert as posted to Alertmanager's API: `startsAt`/`endsAt` (ISO) when the test sets them. */
export interface PostedAlert {
  labels: Readonly<Record<string, string>>;
  startsAt?: string;
  endsAt?: string;
}

/** Posts alerts to Alertmanager's v2 API, as Prometheus does (every alert gets a summary). */
export async function postAlerts(url: string, alerts: readonly PostedAlert[]): Promise<void> {
  const res = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts.map((a) => ({ ...a, annotations: { summary: 'test.' } }))),
  });
  if (!res.ok) throw new Error(`POST alerts: ${res.status} ${await res.text()}`);
}
