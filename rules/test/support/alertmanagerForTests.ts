import { stringify } from 'yaml';
import { startAlertmanager, type AlertmanagerServer } from '@sieve/testkit';
import { alertmanagerConfig, type TimeInterval } from '../../src/alertmanagerConfig.ts';

/** The generated routing with compressed timings and both receivers pointed at a local webhook. */
export function startTestAlertmanager(
  webhookUrl: string,
  maintenance: readonly TimeInterval[] = []
): Promise<AlertmanagerServer> {
  const config = alertmanagerConfig({
    pagerUrl: `${webhookUrl}/page`,
    ticketUrl: `${webhookUrl}/ticket`,
    groupWait: '1s',
    pageGroupWait: '1s',
    groupInterval: '1s',
    repeatInterval: '1h',
    pageRepeatInterval: '1h',
    maintenance,
  });
  return startAlertmanager(stringify(config));
}
