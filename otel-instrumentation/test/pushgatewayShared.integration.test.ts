import { setTimeout as sleep } from 'node:timers/promises';
import { startPushgateway, type PushgatewayServer } from '@sieve/testkit';
import { LABEL, METRICS, startSieve } from '../src/index.ts';
import { stderrOf } from './support/stderr.ts';

/**
 * The Pushgateway as it is run for real: behind basic auth, and shared by runs of one job that
 * overlap (a CronJob whose runs take longer than its period, a retry beside a backfill). Real
 * Pushgateway (Debian's, with exporter-toolkit's --web.config.file).
 */

/** The Prometheus docs' example (https://prometheus.io/docs/guides/basic-auth/): bcrypt of "test". */
const USER = 'admin';
const PASSWORD = 'test';
const BCRYPT_OF_TEST = '$2b$12$hNf2lSsxfm0.i4a.1kVpSOVyBCfIB51VRjgBUyv6kdnyTlgWj81Ay';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** One family's samples of a group, from GET /api/v1/metrics. */
async function samples(
  pg: PushgatewayServer,
  family: string,
  headers: Record<string, string> = {}
): Promise<Array<{ labels: Record<string, string>; value: number }>> {
  const res = await fetch(`${pg.url}/api/v1/metrics`, { headers });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    data: Array<Record<string, { metrics?: Array<{ labels: Record<string, string>; value: string }> }>>;
  };
  return body.data.flatMap((g) =>
    (g[family]?.metrics ?? []).map((m) => ({ labels: m.labels, value: Number(m.value) }))
  );
}

const runsName = METRICS.pipelineRuns.prometheus.name;
const rowsName = METRICS.pipelineRows.prometheus.name;
const total = (list: Array<{ labels: Record<string, string>; value: number }>, where: Record<string, string>) =>
  list.filter((s) => Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

describe('a Pushgateway behind basic auth', () => {
  let pg: PushgatewayServer;
  beforeAll(async () => {
    pg = await startPushgateway({ basicAuth: { username: USER, password: PASSWORD, bcryptHash: BCRYPT_OF_TEST } });
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('refuses a request without credentials (the setup is real)', async () => {
    expect((await fetch(`${pg.url}/api/v1/metrics`)).status).toBe(401);
  });

  it('credentials in the URL: two runs are pushed and continue', async () => {
    const url = new URL(pg.url);
    url.username = USER;
    url.password = PASSWORD;
    for (let i = 0; i < 2; i++) {
      const sieve = startSieve({ serviceName: 'auth-job', pushgateway: { url: url.href } });
      await sieve.pipeline('auth').run((run) => run.rowsRead(5));
      await sieve.shutdown();
    }
    const auth = { authorization: basic(USER, PASSWORD) };
    expect(total(await samples(pg, runsName, auth), { job: 'auth-job', [LABEL.outcome]: 'success' })).toBe(2);
    expect(total(await samples(pg, rowsName, auth), { job: 'auth-job', [LABEL.rowKind]: 'read' })).toBe(10);
  }, 60_000);

  it('an Authorization header works the same', async () => {
    const sieve = startSieve({
      serviceName: 'header-job',
      pushgateway: { url: pg.url, headers: { Authorization: basic(USER, PASSWORD) } },
    });
    await sieve.pipeline('header').run(() => undefined);
    await sieve.shutdown();
    const auth = { authorization: basic(USER, PASSWORD) };
    expect(total(await samples(pg, runsName, auth), { job: 'header-job', [LABEL.outcome]: 'success' })).toBe(1);
  }, 60_000);

  it('a wrong password: the failure names HTTP 401, and no message shows the password', async () => {
    const wrong = 'wrong-Pa55word';
    const url = new URL(pg.url);
    url.username = USER;
    url.password = wrong;
    let rejection = '';
    const stderr = await stderrOf(async () => {
      const sieve = startSieve({ serviceName: 'wrong-job', pushgateway: { url: url.href } });
      await sieve.pipeline('wrong').run(() => undefined);
      await sieve.shutdown().catch((e: Error) => (rejection = e.message));
    });
    expect(rejection).toMatch(/HTTP 401/);
    expect(stderr).toMatch(/HTTP 401/);
    for (const text of [stderr, rejection]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(Buffer.from(`${USER}:${wrong}`).toString('base64'));
    }
  }, 60_000);
});

describe('a Pushgateway under a path (--web.route-prefix, or an ingress at /pushgateway)', () => {
  let pg: PushgatewayServer;
  beforeAll(async () => {
    pg = await startPushgateway({ routePrefix: '/pg' });
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('the setup is real: the API answers under the prefix only', async () => {
    expect(pg.url).toMatch(/\/pg$/);
    expect((await fetch(`${pg.url}/api/v1/metrics`)).status).toBe(200);
    expect((await fetch(`${new URL(pg.url).origin}/api/v1/metrics`)).status).toBe(404);
  });

  it.each([
    ['the prefix', ''],
    ['the prefix and a trailing slash', '/'],
  ])(
    'a URL with %s: two runs are pushed under it and continue',
    async (_what, suffix) => {
      const job = `prefix-job${suffix === '' ? '' : '-slash'}`;
      for (let i = 0; i < 2; i++) {
        const sieve = startSieve({ serviceName: job, pushgateway: { url: `${pg.url}${suffix}` } });
        await sieve.pipeline('prefixed').run((run) => run.rowsRead(5));
        await sieve.shutdown();
      }
      expect(total(await samples(pg, runsName), { job, [LABEL.outcome]: 'success' })).toBe(2);
      expect(total(await samples(pg, rowsName), { job, [LABEL.rowKind]: 'read' })).toBe(10);
    },
    60_000
  );

  it('a URL without the prefix: the failure names the full URL requested, without its credentials', async () => {
    const url = new URL(pg.url);
    url.pathname = '/';
    url.username = 'user';
    url.password = 'prefix-Secret-9';
    let rejection = '';
    const stderr = await stderrOf(async () => {
      const sieve = startSieve({ serviceName: 'unprefixed-job', pushgateway: { url: url.href } });
      await sieve.pipeline('unprefixed').run(() => undefined);
      await sieve.shutdown().catch((e: Error) => (rejection = e.message));
    });
    const requested = `GET ${new URL(pg.url).origin}/metrics: HTTP 404`;
    expect(rejection).toContain(requested);
    expect(stderr).toContain(requested);
    expect(stderr + rejection).not.toContain('prefix-Secret-9');
  }, 60_000);
});

describe('overlapping runs of one job identity', () => {
  let pg: PushgatewayServer;
  beforeAll(async () => {
    pg = await startPushgateway();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('three runs that overlap an earlier one: the group counts all four', async () => {
    const job = async (workMs: number) => {
      const sieve = startSieve({ serviceName: 'overlap-job', pushgateway: { url: pg.url } });
      await sieve.pipeline('nightly').run(async (run) => {
        run.rowsRead(1);
        await sleep(workMs);
      });
      await sieve.shutdown();
    };
    await job(10);
    // All three read the group (1 run) at their start; they end 300 ms apart, each pushing over
    // what the one before pushed. Pushing "what I read at start + mine" would leave 2.
    await Promise.all([job(600), job(900), job(1200)]);
    const runs = await samples(pg, runsName);
    const rows = await samples(pg, rowsName);
    expect(total(runs, { job: 'overlap-job', [LABEL.outcome]: 'success' })).toBe(4);
    expect(total(rows, { job: 'overlap-job', [LABEL.rowKind]: 'read' })).toBe(4);
    expect(total(runs, { job: 'overlap-job', [LABEL.outcome]: 'failure' })).toBe(0);
  }, 60_000);

  it('a process that pushes twice (run end, then shutdown) adds its run once', async () => {
    const sieve = startSieve({ serviceName: 'twice-job', pushgateway: { url: pg.url } });
    const pipeline = sieve.pipeline('twice');
    await pipeline.run(() => undefined);
    await pipeline.run(() => undefined);
    // Another process's run lands between this one's pushes.
    const other = startSieve({ serviceName: 'twice-job', pushgateway: { url: pg.url } });
    await other.pipeline('twice').run(() => undefined);
    await other.shutdown();
    await sieve.shutdown();
    expect(total(await samples(pg, runsName), { job: 'twice-job', [LABEL.outcome]: 'success' })).toBe(3);
  }, 60_000);

  it("a longer failing run that ends last keeps the shorter successful run's last_success", async () => {
    const lastSuccess = METRICS.pipelineLastSuccess.prometheus.name;
    const lastRun = METRICS.pipelineLastRun.prometheus.name;
    const job = async (workMs: number, fail: boolean) => {
      const sieve = startSieve({ serviceName: 'stale-job', pushgateway: { url: pg.url } });
      await sieve
        .pipeline('stale')
        .run(async () => {
          await sleep(workMs);
          if (fail) throw new Error('boom');
        })
        .catch(() => undefined);
      await sieve.shutdown();
    };
    await job(10, false); // an earlier success: the group's last_success, read by both runs below
    const [earlier] = await samples(pg, lastSuccess);
    await sleep(1100); // timestamps are in seconds
    const before = Date.now() / 1000;
    await Promise.all([job(100, false), job(1500, true)]);
    const success = (await samples(pg, lastSuccess)).filter((s) => s.labels.job === 'stale-job');
    expect(success).toHaveLength(1);
    expect(success[0]?.value).toBeGreaterThan(earlier?.value as number);
    expect(success[0]?.value).toBeGreaterThanOrEqual(Math.floor(before));
    // last_run: the failing run's (it ended last), not the successful one's
    const run = (await samples(pg, lastRun)).find((s) => s.labels.job === 'stale-job');
    expect(run?.value).toBeGreaterThan(success[0]?.value as number);
    expect(total(await samples(pg, runsName), { job: 'stale-job', [LABEL.outcome]: 'success' })).toBe(2);
    expect(total(await samples(pg, runsName), { job: 'stale-job', [LABEL.outcome]: 'failure' })).toBe(1);
  }, 60_000);
});
