import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LABEL } from '@sieve/otel-instrumentation/catalog';
import {
  freePort,
  startPrometheus,
  startWebhookReceiver,
  waitFor,
  type AlertmanagerServer,
  type PrometheusServer,
  type WebhookAlert,
  type WebhookNotification,
  type WebhookReceiver,
} from '@sieve/testkit';
import { RECEIVERS } from '../../src/alertmanagerConfig.ts';
import { BURN_ALERTS, DIRECT_ALERTS } from '../../src/alertNames.ts';
import { ruleFiles } from '../../src/generate.ts';
import { RULE_LABEL, SEVERITY } from '../../src/ruleLabels.ts';
import { parseSpec } from '../../src/spec.ts';
import { carries, startTestAlertmanager, WEBHOOK_PATH } from './alertmanagerForTests.ts';
import type { Fault } from './faults.ts';

/**
 * The live alert path: an instrumented process → Prometheus 2.42 (1s scrape and evaluation,
 * rules generated with a 1/60 time scale) → Alertmanager 0.25 (the generated routing with 1s
 * grouping) → a webhook receiver. Every fault is injected at once (they touch different
 * pipelines, features and models), then every fault is recovered. Used by the Jest test and by
 * `npm run bench -w rules`, which prints the figures.
 */

export const TIME_SCALE = 1 / 60;
const SPEC_PATH = join(import.meta.dirname, '..', 'fixtures', 'live.slos.yaml');
const SERVICE = join(import.meta.dirname, 'instrumentedService.ts');

type Labels = Record<string, string>;

/** What a fault must produce: one alert at one receiver; `inhibited` must fire in Prometheus but never arrive. */
export interface Expectation {
  fault: Fault;
  receiver: string;
  labels: Labels;
  /** A symptom that fires in Prometheus during this fault but is inhibited by `labels`. */
  inhibited?: Labels;
  /** Recovered by the service (false: the alert resolves by itself when its window passes). */
  recover: boolean;
}

export const EXPECTATIONS: readonly Expectation[] = [
  {
    fault: 'stopRuns',
    receiver: RECEIVERS.pager,
    labels: { alertname: DIRECT_ALERTS.pipelineNotRunning, [LABEL.pipeline]: 'live-batch' },
    inhibited: { alertname: DIRECT_ALERTS.featureStale, [LABEL.feature]: 'batch_score' },
    recover: true,
  },
  {
    fault: 'staleFeature',
    receiver: RECEIVERS.ticket,
    labels: { alertname: DIRECT_ALERTS.featureStale, [LABEL.feature]: 'stale_me' },
    recover: true,
  },
  {
    fault: 'drift',
    receiver: RECEIVERS.pager,
    labels: { alertname: DIRECT_ALERTS.featureDrift, [LABEL.feature]: 'amount', [RULE_LABEL.severity]: SEVERITY.page },
    recover: true,
  },
  {
    fault: 'schemaChange',
    receiver: RECEIVERS.ticket,
    labels: { alertname: DIRECT_ALERTS.schemaChanged, [LABEL.dataset]: 'events' },
    recover: false,
  },
  {
    fault: 'failPredictions',
    receiver: RECEIVERS.pager,
    labels: {
      alertname: BURN_ALERTS.availability,
      [RULE_LABEL.slo]: 'availability',
      [RULE_LABEL.severity]: SEVERITY.page,
    },
    inhibited: {
      alertname: BURN_ALERTS.availability,
      [RULE_LABEL.slo]: 'availability',
      [RULE_LABEL.severity]: SEVERITY.ticket,
    },
    recover: true,
  },
];

export interface FaultResult {
  fault: Fault;
  receiver: string;
  alertname: string;
  /** Fault injected → firing notification at the receiver. */
  toNotificationMs: number;
  /** Recovery (or, for self-resolving alerts, the fault) → resolved notification. */
  toResolvedMs: number;
  selfResolving: boolean;
  /** The delivered firing alert and its notification's group labels. */
  alert: WebhookAlert;
  groupLabels: Record<string, string>;
}

export interface AlertPathResult {
  results: FaultResult[];
  /** Notifications during the healthy warm-up (expected: none). */
  warmupNotifications: WebhookNotification[];
  /** For each inhibited symptom: whether Prometheus fired it, and the notifications that carried it. */
  inhibited: Array<{ fault: Fault; labels: Labels; firedInPrometheus: boolean; delivered: WebhookNotification[] }>;
  /** Every notification, for failure messages. */
  notifications: readonly WebhookNotification[];
}

const firingAlert = (n: WebhookNotification, labels: Labels): WebhookAlert =>
  n.payload.alerts.find(
    (a) => a.status === 'firing' && Object.entries(labels).every(([k, v]) => a.labels[k] === v)
  ) as WebhookAlert;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Service {
  readonly child: ChildProcess;
  private readonly lines: string[] = [];
  constructor(port: number) {
    this.child = spawn(process.execPath, [SERVICE, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.child.stdout! }).on('line', (l) => this.lines.push(l));
  }
  async expectLine(line: string): Promise<void> {
    await waitFor(() => this.lines.includes(line), { what: `"${line}" from the instrumented service`, intervalMs: 20 });
  }
  async send(verb: 'fault' | 'recover', fault: Fault): Promise<void> {
    this.child.stdin!.write(`${verb} ${fault}\n`);
    await this.expectLine(`ok ${verb} ${fault}`);
  }
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

async function firingInPrometheus(prom: PrometheusServer, labels: Labels): Promise<boolean> {
  const res = await fetch(`${prom.url}/api/v1/alerts`);
  const body = (await res.json()) as { data: { alerts: Array<{ labels: Labels; state: string }> } };
  return body.data.alerts.some(
    (a) => a.state === 'firing' && Object.entries(labels).every(([k, v]) => a.labels[k] === v)
  );
}

/** Polls until `labels` stops firing in Prometheus; returns the last time it was seen firing. */
async function lastSeenFiring(prom: PrometheusServer, labels: Labels): Promise<number> {
  let last = Date.now();
  await waitFor(
    async () => {
      const now = Date.now();
      if (await firingInPrometheus(prom, labels)) {
        last = now;
        return false;
      }
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `${JSON.stringify(labels)} to stop firing` }
  );
  return last;
}

export async function runAlertPath(): Promise<AlertPathResult> {
  const spec = parseSpec(readFileSync(SPEC_PATH, 'utf8'), SPEC_PATH);
  let hook: WebhookReceiver | undefined;
  let am: AlertmanagerServer | undefined;
  let prom: PrometheusServer | undefined;
  let service: Service | undefined;
  try {
    hook = await startWebhookReceiver();
    am = await startTestAlertmanager(hook.url);
    const port = await freePort();
    service = new Service(port);
    await service.expectLine('ready');
    prom = await startPrometheus({
      scrapeJobs: [{ job: 'live', targets: [`127.0.0.1:${port}`] }],
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      rules: ruleFiles(spec, SPEC_PATH, TIME_SCALE),
      alertmanagers: [am.address],
    });
    await prom.waitForTargetsUp();
    // Healthy warm-up: the short windows fill; nothing may alert.
    await sleep(6000);
    const warmupNotifications = [...hook.notifications];

    const injected = new Map<Fault, number>();
    for (const e of EXPECTATIONS) {
      await service.send('fault', e.fault);
      injected.set(e.fault, Date.now());
    }
    const h = hook;
    const fired = await Promise.all(
      EXPECTATIONS.map((e) =>
        h.waitFor((n) => n.path === WEBHOOK_PATH[e.receiver] && carries(n, e.labels, 'firing'), {
          timeoutMs: 45_000,
          what: `${e.labels.alertname} at ${e.receiver} after fault ${e.fault}`,
        })
      )
    );
    // Symptoms must really fire in Prometheus, and still not arrive, while their cause fires.
    const p = prom;
    const inhibitedSeen = await Promise.all(
      EXPECTATIONS.filter((e) => e.inhibited).map(async (e) => {
        const labels = e.inhibited as Labels;
        const firedInPrometheus = await waitFor(() => firingInPrometheus(p, labels), {
          timeoutMs: 20_000,
          what: `${JSON.stringify(labels)} firing in Prometheus`,
        }).catch(() => false);
        return { fault: e.fault, labels, firedInPrometheus };
      })
    );
    await sleep(3000); // several group intervals: an uninhibited symptom would have arrived

    const recoveredAt = new Map<Fault, number>();
    for (const e of EXPECTATIONS) {
      if (!e.recover) continue;
      await service.send('recover', e.fault);
      recoveredAt.set(e.fault, Date.now());
    }
    // The last moment each inhibiting cause was seen firing in Prometheus: symptoms delivered before
    // it were delivered while the cause fired. (Once it resolves, a still-firing symptom is due.)
    const causeLastFiring = Promise.all(
      EXPECTATIONS.filter((e) => e.inhibited).map((e) => lastSeenFiring(p, e.labels))
    );
    const resolved = await Promise.all(
      EXPECTATIONS.map((e) =>
        h.waitFor((n) => n.path === WEBHOOK_PATH[e.receiver] && carries(n, e.labels, 'resolved'), {
          timeoutMs: 60_000,
          what: `resolved ${e.labels.alertname} at ${e.receiver} after fault ${e.fault}`,
        })
      )
    );

    const results = EXPECTATIONS.map((e, i) => {
      const start = injected.get(e.fault) as number;
      return {
        fault: e.fault,
        receiver: e.receiver,
        alertname: e.labels.alertname as string,
        toNotificationMs: (fired[i] as WebhookNotification).receivedAt - start,
        toResolvedMs: (resolved[i] as WebhookNotification).receivedAt - (recoveredAt.get(e.fault) ?? start),
        selfResolving: !e.recover,
        alert: firingAlert(fired[i] as WebhookNotification, e.labels),
        groupLabels: (fired[i] as WebhookNotification).payload.groupLabels,
      };
    });
    const lastFiring = await causeLastFiring;
    const inhibited = inhibitedSeen.map((s, i) => {
      const until = lastFiring[i] as number;
      const delivered = h.notifications.filter((n) => n.receivedAt <= until && carries(n, s.labels, 'firing'));
      return { ...s, delivered };
    });
    return { results, warmupNotifications, inhibited, notifications: h.notifications };
  } finally {
    await service?.stop();
    await prom?.stop();
    await am?.stop();
    await hook?.stop();
  }
}
