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
