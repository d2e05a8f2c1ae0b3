import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import {
  startPrometheus,
  startPushgateway,
  startWebhookReceiver,
  waitFor,
  type AlertmanagerServer,
  type PrometheusServer,
  type PushgatewayServer,
  type WebhookReceiver,
} from '@sieve/testkit';
import { DIRECT_ALERTS } from '../src/alertNames.ts';
import { RECEIVERS } from '../src/alertmanagerConfig.ts';
import { ruleFiles } from '../src/generate.ts';
import { parseSpec } from '../src/spec.ts';
import { carries, startTestAlertmanager, WEBHOOK_PATH } from './support/alertmanagerForTests.ts';

/**
 * A batch job that exits, seen by real Prometheus through a real Pushgateway: run twice, killed
 * mid-run, rerun; the run counts add up, last success is right after each exit, and
 * SievePipelineNotRunning (generated rules, time-compressed 60×) reaches the pager when runs stop.
 */
const JOB = join(import.meta.dirname, 'support', 'batchJob.ts');
const SPEC = `
version: sieve/v1
service: batch
runbookBaseUrl: http://runbooks.invalid/rules/runbooks
dashboardBaseUrl: http://grafana.invalid/d
pipelines:
  - name: nightly
    notRunningAfter: 20m
    failingFor: 1h
`;
const TIME_SCALE = 1 / 60; // 20m → 20 s
const P = { [LABEL.pipeline]: 'nightly' };

/** Runs the job to its exit (or, for `hang`, until it says so, then SIGKILL); returns its `done` time. */
function runJob(pg: string, mode: 'success' | 'failure' | 'hang'): Promise<number> {
  const child = spawn(process.execPath, [JOB, pg, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    let done = NaN;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'hanging') child.kill('SIGKILL');
      const m = /^done (\d+)$/.exec(line);
      if (m) done = Number(m[1]);
    });
    child.once('exit', (code, signal) => {
      if (mode === 'hang' ? signal === 'SIGKILL' : code === 0) resolve(done);
      else reject(new Error(`batch job (${mode}) exited ${code ?? signal}: ${stderr}`));
    });
  });
}

describe('a batch job through the Pushgateway', () => {
  let pg: PushgatewayServer;
  let prom: PrometheusServer;
  let am: AlertmanagerServer;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    pg = await startPushgateway();
    hook = await startWebhookReceiver();
    am = await startTestAlertmanager(hook.url);
    const spec = parseSpec(SPEC, 'batch.slos.yaml');
    prom = await startPrometheus({
      scrapeJobs: [{ job: 'pushgateway', targets: [pg.address], honorLabels: true }],
      rules: ruleFiles(spec, 'batch.slos.yaml', TIME_SCALE),
      alertmanagers: [am.address],
    });
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await am?.stop();
    await hook?.stop();
    await pg?.stop();
  });

  const value = async (expr: string): Promise<number | undefined> => (await prom.query(expr))[0]?.value;
  const runs = `${METRICS.pipelineRuns.prometheus.name}{${LABEL.pipeline}="nightly",${LABEL.outcome}="success"}`;

  /** Waits until Prometheus has scraped `expected` successful runs from the Pushgateway. */
  const seenRuns = (expected: number) =>
    waitFor(async () => (await value(runs)) === expected, {
      timeoutMs: 20_000,
      what: `${expected} runs in Prometheus`,
    });

  it('counts runs across processes, ignores a killed run, and keeps last success right', async () => {
    const first = await runJob(pg.url, 'success');
    await seenRuns(1);
    await runJob(pg.url, 'success');
    await seenRuns(2);
    await runJob(pg.url, 'hang'); // killed mid-run: it never pushed
    const last = await runJob(pg.url, 'success');
    await seenRuns(3);

    // The Pushgateway holds one group per job and pipeline, with no random instance.
    const series = await prom.query(runs);
    expect(series).toHaveLength(1);
    expect(series[0]?.metric).toMatchObject({ job: 'nightly-job', ...P });
    expect(series[0]?.metric.instance).toBeUndefined();

    // increase() over the three runs sees the two increments after the first scrape.
    expect(await value(`increase(${runs}[5m])`)).toBeGreaterThanOrEqual(1.9);
    const lastSuccess = await value(`${METRICS.pipelineLastSuccess.prometheus.name}{${LABEL.pipeline}="nightly"}`);
    expect(lastSuccess).toBeGreaterThan(first);
    expect(Math.abs((lastSuccess as number) - last)).toBeLessThanOrEqual(1);
    const rows = `${METRICS.pipelineRows.prometheus.name}{${LABEL.pipeline}="nightly",${LABEL.rowKind}="read"}`;
    expect(await value(rows)).toBe(300); // the killed run's 1000 rows were never pushed
    const durations = `${METRICS.pipelineRunDuration.prometheus.count}{${LABEL.pipeline}="nightly",${LABEL.outcome}="success"}`;
    expect(await value(durations)).toBe(3);
    // Event time, apart from run time: the job processed data 3 h old.
    const watermark = await value(`${METRICS.pipelineWatermark.prometheus.name}{${LABEL.pipeline}="nightly"}`);
    expect(last - (watermark as number)).toBeGreaterThan(3 * 3600 - 5);
  }, 120_000);

  it('keeps last success through a failed run, and pages SievePipelineNotRunning when runs stop', async () => {
    const before = await value(`${METRICS.pipelineLastSuccess.prometheus.name}{${LABEL.pipeline}="nightly"}`);
    await runJob(pg.url, 'failure');
    const failures = `${METRICS.pipelineRuns.prometheus.name}{${LABEL.pipeline}="nightly",${LABEL.outcome}="failure"}`;
    await waitFor(async () => (await value(failures)) === 1, { timeoutMs: 20_000, what: 'the failed run' });
    expect(await value(`${METRICS.pipelineLastSuccess.prometheus.name}{${LABEL.pipeline}="nightly"}`)).toBe(before);
    expect(await value(runs)).toBe(3);

    // No more runs: 20 s (20m at 1/60) after the last one, the alert fires and reaches the pager.
    const labels = { alertname: DIRECT_ALERTS.pipelineNotRunning, ...P };
    await waitFor(
      () => hook.notifications.some((n) => n.path === WEBHOOK_PATH[RECEIVERS.pager] && carries(n, labels)),
      { timeoutMs: 60_000, what: 'SievePipelineNotRunning at the pager' }
    );
  }, 90_000);
});
