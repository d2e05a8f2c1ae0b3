import type { WebhookNotification } from '@sieve/testkit';
import { JOBS } from '../names.ts';
import type { Stack } from '../stack/stack.ts';
import { EXPECTATIONS } from './expectations.ts';
import { injectFault, recoverFault } from './faultAdmin.ts';
import { carries, floorFor, runFault, type FaultRun, type GameDayRow } from './gameDay.ts';

/**
 * The chaos cases: the alert path survives restarts of Prometheus and Alertmanager. (The third,
 * a dead exporter, is the deadExporter fault.)
 */
export const CHAOS = ['restartPrometheus', 'restartAlertmanager'] as const;
export type Chaos = (typeof CHAOS)[number];

export interface ChaosRun {
  row: GameDayRow;
  /** Each check, and whether it held. */
  checks: Record<string, boolean>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function instant(stack: Stack, expr: string): Promise<number> {
  const res = await fetch(`${stack.prometheus.url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

/**
 * Prometheus restarts right after a fault is injected: the alert still arrives, and the samples
 * scraped before the restart are all still there (the same count, asked before and after).
 */
async function restartPrometheus(stack: Stack): Promise<ChaosRun> {
  const before = Math.floor(Date.now() / 1000) - 1;
  const query = `count_over_time(up{job="${JOBS.model}"}[30s] @ ${before})`;
  const samplesBefore = await instant(stack, query);
  const run = await runFault(stack, 'failingPredictions', { afterInject: () => stack.prometheus.restart() });
  const samplesAfter = await instant(stack, query);
  return {
    row: { ...run.row, fault: 'restartPrometheus' },
    checks: {
      'alert arrived after the restart': run.row.detected,
      [`samples before the restart kept (${samplesAfter} of ${samplesBefore})`]:
        samplesBefore > 0 && samplesAfter === samplesBefore,
    },
  };
}

/**
 * Alertmanager goes down while a page is firing, a second page fires while it is down, then it
 * comes back: the second page still arrives, and the first is not sent again (repeat_interval is
 * far longer than the run).
 */
async function restartAlertmanager(stack: Stack): Promise<ChaosRun> {
  const second = EXPECTATIONS.latencySpike;
  let secondAt = 0;
  const run: FaultRun = await runFault(stack, 'failingPredictions', {
    whileFiring: async () => {
      await stack.alertmanager.stop();
      secondAt = Date.now();
      await injectFault(stack.demoApi, 'latencySpike', second.options);
      await sleep(((floorFor(stack, second) ?? 5) + 2) * 1000); // it fires in Prometheus meanwhile
      await stack.alertmanager.restart();
      await stack.receiver
        .waitFor(
          (n) => n.receivedAt >= secondAt && carries(n, { alertname: second.alert, ...second.labels }, 'firing'),
          {
            timeoutMs: 60_000,
          }
        )
        .catch(() => undefined);
    },
  });
  await recoverFault(stack.demoApi, 'latencySpike');
  const first = EXPECTATIONS.failingPredictions;
  const pages = (labels: Record<string, string>, from: number) =>
    stack.receiver.notifications.filter(
      (n) => n.receivedAt >= from && n.receivedAt <= run.recoveredAt && carries(n, labels, 'firing')
    );
  const firstPages = pages({ alertname: first.alert, ...first.labels }, run.injectedAt);
  const secondPages = pages({ alertname: second.alert, ...second.labels }, secondAt);
  const resent = repeats(firstPages);
  return {
    row: { ...run.row, fault: 'restartAlertmanager' },
    checks: {
      'page sent while Alertmanager was down arrived after it came back': secondPages.length >= 1,
      [`first page not sent again (${firstPages.length} notification(s), ${resent} repeating an earlier one)`]:
        firstPages.length >= 1 && resent === 0,
    },
  };
}

/**
 * Notifications that repeat an earlier one: same receiver, same firing alerts. A burn-rate alert
 * fires once per window pair, so a second pair joining the group is a new notification that still
 * carries the first alert (an update, at group_interval); a resend after a restart that forgot
 * its notification log repeats the same alerts.
 */
function repeats(notifications: readonly WebhookNotification[]): number {
  const seen = new Set<string>();
  let count = 0;
  for (const n of notifications) {
    const firing = n.payload.alerts.filter((a) => a.status === 'firing').map((a) => JSON.stringify(a.labels));
    const key = `${n.path} ${JSON.stringify(firing.sort())}`;
    if (seen.has(key)) count++;
    else seen.add(key);
  }
  return count;
}

export const CHAOS_CASES: Record<Chaos, (stack: Stack) => Promise<ChaosRun>> = {
  restartPrometheus,
  restartAlertmanager,
};
