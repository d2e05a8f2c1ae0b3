import {
  startPrometheus,
  startPushgateway,
  waitFor,
  type PrometheusServer,
  type PushgatewayServer,
} from '@sieve/testkit';
import { LABEL, METRICS, RUN_OUTCOMES, startSieve } from '../src/index.ts';

/**
 * The first run of a job is counted: its run counters reach the Pushgateway at 0 before the run
 * ends, so Prometheus holds a 0 before the 1 and increase() sees the increment. Real Pushgateway
 * and Prometheus.
 */
describe('run counters at 0 before the first run ends (Pushgateway)', () => {
  let pg: PushgatewayServer;
  let prom: PrometheusServer;

  beforeAll(async () => {
    pg = await startPushgateway();
    prom = await startPrometheus({
      scrapeInterval: '1s',
      scrapeJobs: [{ job: 'pushgateway', targets: [pg.address], honorLabels: true }],
    });
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await pg?.stop();
  });

  const runs = (pipeline: string, outcome: string) =>
    `${METRICS.pipelineRuns.prometheus.name}{${LABEL.pipeline}="${pipeline}",${LABEL.outcome}="${outcome}"}`;
  const value = async (expr: string): Promise<number | undefined> => (await prom.query(expr))[0]?.value;

  /** The group's run counters as the Pushgateway holds them, by outcome. */
  const pushed = async (pipeline: string): Promise<Record<string, number>> => {
    const body = (await (await fetch(`${pg.url}/api/v1/metrics`)).json()) as {
      data: Array<Record<string, { metrics?: Array<{ labels: Record<string, string>; value: string }> }>>;
    };
    const out: Record<string, number> = {};
    for (const group of body.data) {
      for (const m of group[METRICS.pipelineRuns.prometheus.name]?.metrics ?? []) {
        if (m.labels[LABEL.pipeline] === pipeline) out[m.labels[LABEL.outcome] as string] = Number(m.value);
      }
    }
    return out;
  };

  it('a failed first run: Prometheus sees 0 then 1, and increase() counts it', async () => {
    const sieve = startSieve({ serviceName: 'first-run-job', pushgateway: { url: pg.url } });
    const run = sieve.pipeline('first').start();
    // While the run works, the group already holds every outcome at 0, and Prometheus has scraped it.
    await waitFor(async () => (await value(runs('first', 'failure'))) === 0, {
      timeoutMs: 20_000,
      what: 'the failure counter at 0 in Prometheus before the run ends',
    });
    expect(await pushed('first')).toEqual(Object.fromEntries(RUN_OUTCOMES.map((o) => [o, 0])));
    await run.end('failure');
    await sieve.shutdown();
    await waitFor(async () => (await value(runs('first', 'failure'))) === 1, {
      timeoutMs: 20_000,
      what: 'the failed run in Prometheus',
    });
    // Without the 0, increase() over a series whose first sample is 1 would be 0.
    expect(await value(`increase(${runs('first', 'failure')}[1m])`)).toBeGreaterThanOrEqual(0.9);
    expect(await value(runs('first', 'success'))).toBe(0);
  }, 60_000);

  it('a later run does not push zeros over the totals of earlier runs', async () => {
    const job = async (outcome: 'success' | 'failure') => {
      const sieve = startSieve({ serviceName: 'later-run-job', pushgateway: { url: pg.url } });
      await sieve.pipeline('later').start().end(outcome);
      await sieve.shutdown();
    };
    await job('success');
    expect(await pushed('later')).toEqual({ success: 1, failure: 0, partial: 0 });
    // A second process: the zeros of its new cells are never pushed over the group's totals (it
    // reads the group back first, and its run counters are then restored, not new).
    const sieve = startSieve({ serviceName: 'later-run-job', pushgateway: { url: pg.url } });
    const run = sieve.pipeline('later').start();
    await new Promise((r) => setTimeout(r, 500)); // the read-back (and any push) has happened by now
    expect(await pushed('later')).toEqual({ success: 1, failure: 0, partial: 0 });
    await run.end('failure');
    await sieve.shutdown();
    expect(await pushed('later')).toEqual({ success: 1, failure: 1, partial: 0 });
  }, 60_000);
});
