import { createServer } from 'node:http';
import {
  listenLoopback,
  startPrometheus,
  startPushgateway,
  waitFor,
  type PrometheusServer,
  type PushgatewayServer,
} from '@sieve/testkit';
import { LABEL, METRICS, RUN_OUTCOMES, startSieve } from '../src/index.ts';
import { stderrOf } from './support/stderr.ts';

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

  /** The group's push_time_seconds as the Pushgateway holds it (undefined: no group yet). */
  const pushTime = async (pipeline: string): Promise<number | undefined> => {
    const body = (await (await fetch(`${pg.url}/api/v1/metrics`)).json()) as {
      data: Array<{ labels: Record<string, string>; push_time_seconds?: { metrics: Array<{ value: string }> } }>;
    };
    const group = body.data.find((g) => g.labels.pipeline === pipeline);
    const v = group?.push_time_seconds?.metrics[0]?.value;
    return v === undefined ? undefined : Number(v);
  };

  /**
   * A forwarding proxy in front of the real Pushgateway that logs each request as it is answered
   * ("GET 200", "PUT 200"): the only way to see a push whose body would equal what is there.
   * `failReads`: the read-back (GET /metrics) is answered 500, pushes are forwarded.
   */
  async function loggingProxy(failReads = false): Promise<{ url: string; log: string[]; close: () => void }> {
    const log: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          if (failReads && req.method === 'GET') {
            log.push('GET 500');
            res.writeHead(500).end('internal error');
            return;
          }
          const upstream = await fetch(`${pg.url}${req.url ?? '/'}`, {
            method: req.method,
            headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' },
            body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
          });
          const body = Buffer.from(await upstream.arrayBuffer());
          log.push(`${req.method} ${upstream.status}`);
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
          res.end(body);
        })();
      });
    });
    const port = await listenLoopback(server);
    return { url: `http://127.0.0.1:${port}`, log, close: () => server.close() };
  }

  it('a later run does not push zeros over the totals of earlier runs', async () => {
    const first = startSieve({ serviceName: 'later-run-job', pushgateway: { url: pg.url } });
    await first.pipeline('later').start().end('success');
    await first.shutdown();
    expect(await pushed('later')).toEqual({ success: 1, failure: 0, partial: 0 });
    const before = await pushTime('later');
    expect(before).toBeGreaterThan(0);

    // A second process: it reads the group back, its run counters are then restored (not new),
    // so nothing is pushed until its run ends. The proxy sees every request it makes.
    const proxy = await loggingProxy();
    try {
      const sieve = startSieve({ serviceName: 'later-run-job', pushgateway: { url: proxy.url } });
      const run = sieve.pipeline('later').start();
      await waitFor(() => proxy.log.includes('GET 200'), { timeoutMs: 10_000, what: 'the read-back' });
      expect(await pushTime('later')).toBe(before);
      await run.end('failure');
      await sieve.shutdown();
      // The read-back, then the run's end and shutdown's final push, each read again first (the
      // group as it is right before the PUT): no zero push in between (a zero push after the
      // read-back would carry the restored totals, so only the request tells).
      expect(proxy.log).toEqual(['GET 200', 'GET 200', 'PUT 200', 'GET 200', 'PUT 200']);
    } finally {
      proxy.close();
    }
    expect(await pushed('later')).toEqual({ success: 1, failure: 1, partial: 0 });
    expect(await pushTime('later')).toBeGreaterThan(before as number);
  }, 60_000);

  it('a failed read-back fails the push: no PUT over the group, one stderr line, shutdown() rejects', async () => {
    const first = startSieve({ serviceName: 'unread-job', pushgateway: { url: pg.url } });
    const earlier = first.pipeline('unread');
    for (let i = 0; i < 5; i++) await earlier.run(() => undefined);
    await first.shutdown();
    const before = await pushTime('unread');
    expect(await pushed('unread')).toEqual({ success: 5, failure: 0, partial: 0 });

    const proxy = await loggingProxy(true);
    let rejection = '';
    const stderr = await stderrOf(async () => {
      const sieve = startSieve({ serviceName: 'unread-job', pushgateway: { url: proxy.url } });
      const run = sieve.pipeline('unread').start();
      await waitFor(() => proxy.log.includes('GET 500'), { timeoutMs: 10_000, what: 'the failed read-back' });
      await run.end('failure');
      await sieve.shutdown().catch((e: Error) => (rejection = e.message));
    }).finally(() => proxy.close());
    // The read at start, then the run's end and shutdown each read again and stop there: a PUT
    // without the group's totals would replace success 5 by this run's own counts.
    expect(proxy.log).toEqual(['GET 500', 'GET 500', 'GET 500']);
    expect(rejection).toContain(
      `cannot read the Pushgateway group back (GET ${proxy.url}/metrics: HTTP 500 internal error); nothing pushed`
    );
    expect(stderr.split('\n').filter((l) => l.includes('HTTP 500'))).toHaveLength(1);
    expect(await pushed('unread')).toEqual({ success: 5, failure: 0, partial: 0 });
    expect(await pushTime('unread')).toBe(before);
  }, 60_000);

  it('a first run (no group yet: the read answers 200 with no data) is pushed', async () => {
    const proxy = await loggingProxy();
    try {
      const sieve = startSieve({ serviceName: 'new-job', pushgateway: { url: proxy.url } });
      await sieve.pipeline('brand-new').run(() => undefined);
      await sieve.shutdown();
      expect(proxy.log.filter((l) => l.startsWith('PUT'))).not.toHaveLength(0);
    } finally {
      proxy.close();
    }
    expect(await pushed('brand-new')).toEqual({ success: 1, failure: 0, partial: 0 });
  }, 60_000);
});
