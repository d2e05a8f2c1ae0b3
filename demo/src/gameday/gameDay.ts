import { RECEIVERS, timeScale } from '@sieve/rules';
import { waitFor, type WebhookNotification } from '@sieve/testkit';
import type { Fault } from '../faults.ts';
import { RECEIVER_PATH, type Stack } from '../stack/stack.ts';
import { EXPECTATIONS, type Expectation } from './expectations.ts';
import { injectFault, recoverFault } from './faultAdmin.ts';
import { burnSeconds, floorSeconds, ruleHoldSeconds } from './floor.ts';

/** One row of the game-day table; the JSON output prints exactly these fields. */
export interface GameDayRow {
  fault: string;
  alert: string;
  receiver: string;
  detected: boolean;
  detect_s: number | null;
  floor_s: number | null;
  ratio: number | null;
  resolve_s: number | null;
}

/** Whether a notification carries an alert in `status` with all of `labels`. */
export function carries(n: WebhookNotification, labels: Readonly<Record<string, string>>, status: string): boolean {
  return n.payload.alerts.some(
    (a) => a.status === status && Object.entries(labels).every(([k, v]) => a.labels[k] === v)
  );
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const seconds2 = (d: string) => timeScale(1).seconds(d);

/** The floor of an expectation in this stack, or null when no generated rule raises its alert. */
export function floorFor(stack: Stack, e: Expectation): number | null {
  const hold = ruleHoldSeconds(stack.ruleFiles, e);
  if (hold === undefined) return null;
  const scale = timeScale(stack.profile.timeScale);
  const age = e.ageBound ? scale.seconds(e.ageBound(stack.spec)) : 0;
  // Unrounded: a burn time can be a fraction of a second at compressed scale.
  const burn = e.burnSlo ? burnSeconds(stack.spec, e.burnSlo) * stack.profile.timeScale : 0;
  const p = stack.profile;
  const groupWait = seconds2(e.receiver === RECEIVERS.pager ? p.pageGroupWait : p.groupWait);
  const floor = floorSeconds({
    scrapeSeconds: p.scrapeSeconds,
    evaluationSeconds: p.evaluationSeconds,
    holdSeconds: hold + age + burn,
    groupWaitSeconds: groupWait,
  });
  return Math.round(floor * 10) / 10;
}

export interface FaultRun {
  row: GameDayRow;
  /** When the fault was injected and recovered (ms since the epoch). */
  injectedAt: number;
  recoveredAt: number;
  /** The same alert delivered to another receiver while the fault was on (must be empty). */
  misrouted: WebhookNotification[];
}

export interface RunOptions {
  /** Called between detection and recovery (the chaos cases restart processes here). */
  whileFiring?: () => Promise<void>;
  /** Called right after injection. */
  afterInject?: () => Promise<void>;
}

/**
 * One fault, end to end: record the start, inject it through the admin endpoint, wait for the
 * expected alert at the expected receiver, recover, and wait for the resolved notification.
 */
export async function runFault(stack: Stack, fault: Fault, options: RunOptions = {}): Promise<FaultRun> {
  const e: Expectation = EXPECTATIONS[fault];
  const floor = floorFor(stack, e);
  const labels = { alertname: e.alert, ...e.labels };
  const path = RECEIVER_PATH[e.receiver];
  const scale = 1 / stack.profile.timeScale;
  const injectedAt = Date.now();
  await injectFault(stack.demoApi, fault, e.options);
  await options.afterInject?.();
  const at = (status: string, after: number) => (n: WebhookNotification) =>
    n.path === path && n.receivedAt >= after && carries(n, labels, status);

  // Generous: three floors plus a minute of compressed slack (the bound is asserted by the caller).
  const detectTimeoutMs = ((floor ?? 60) * 3 + 60 / scale + 30) * 1000;
  // No generated rule raises this alert: nothing can arrive, so do not wait for it.
  const fired =
    floor === null
      ? undefined
      : await stack.receiver
          .waitFor(at('firing', injectedAt), { timeoutMs: detectTimeoutMs, what: `${e.alert} at ${e.receiver}` })
          .catch(() => undefined);
  if (fired) await options.whileFiring?.();
  const misrouted = stack.receiver.notifications.filter(
    (n) => n.path !== path && n.receivedAt >= injectedAt && carries(n, labels, 'firing')
  );

  const recoveredAt = Date.now();
  await recoverFault(stack.demoApi, fault);
  let resolved: WebhookNotification | undefined;
  if (fired) {
    // The longest rule window (a day at 1/60 is 24 min) bounds how long an alert may take to clear.
    resolved = await stack.receiver
      .waitFor(at('resolved', recoveredAt), { timeoutMs: (3600 / scale + 60) * 1000, what: `${e.alert} resolved` })
      .catch(() => undefined);
  }
  const detect = fired ? seconds(fired.receivedAt - injectedAt) : null;
  return {
    injectedAt,
    recoveredAt,
    misrouted,
    row: {
      fault,
      alert: e.alert,
      receiver: e.receiver,
      detected: fired !== undefined,
      detect_s: detect,
      floor_s: floor,
      ratio: detect !== null && floor ? Math.round((detect / floor) * 100) / 100 : null,
      resolve_s: resolved ? seconds(resolved.receivedAt - recoveredAt) : null,
    },
  };
}

/** The alerts pending or firing in Prometheus now. */
export async function activeAlerts(stack: Stack): Promise<Array<{ labels: Record<string, string>; state: string }>> {
  const body = (await (await fetch(`${stack.prometheus.url}/api/v1/alerts`)).json()) as {
    data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
  };
  return body.data.alerts;
}

/** Waits until a fault's expected alert is neither pending nor firing, so its run starts clean. */
export async function waitUntilClear(stack: Stack, fault: Fault, timeoutMs = 180_000): Promise<void> {
  const e = EXPECTATIONS[fault];
  const labels: Record<string, string> = { alertname: e.alert, ...e.labels };
  await waitFor(
    async () => !(await activeAlerts(stack)).some((a) => Object.entries(labels).every(([k, v]) => a.labels[k] === v)),
    { timeoutMs, intervalMs: 500, what: `${e.alert} to clear before fault ${fault}` }
  );
}
