import { createServer, request, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPushgateway, type PushgatewayServer } from '@sieve/testkit';
import { readGroupText } from '../src/export/groupText.ts';
import { LABEL, METRICS, startSieve } from '../src/index.ts';

/**
 * A busy, shared Pushgateway: a few hundred groups of other jobs, some of them Sieve groups of the
 * same job or pipeline under another grouping key. The Pushgateway has no per-group read, so a
 * read-back sees all of them (review-e A6: with ~800 groups, 30 MB, the read timed out and nothing
 * was ever pushed). Real Pushgateway.
 */

const FOREIGN_GROUPS = 300;
const runsName = METRICS.pipelineRuns.prometheus.name;
const rowsName = METRICS.pipelineRows.prometheus.name;
const durationCount = METRICS.pipelineRunDuration.prometheus.count;

/** The value of one sample of `GET /metrics`, by name and exact labels; undefined when absent. */
async function sample(
  pg: PushgatewayServer,
  name: string,
  labels: Record<string, string>
): Promise<number | undefined> {
  const text = await (await fetch(`${pg.url}/metrics`)).text();
  const want = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${want}} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

const put = async (pg: PushgatewayServer, path: string, body: string) => {
  const res = await fetch(`${pg.url}/metrics/${path}`, { method: 'PUT', body });
  expect(res.status).toBe(200);
};

/**
 * A proxy in front of the Pushgateway that notes every request's method and path: which reads a
 * job made. The requests themselves go to the real Pushgateway unchanged.
 */
async function recordingProxy(target: string): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const out = request(
      { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('a Pushgateway shared with a few hundred other groups', () => {
  let pg: PushgatewayServer;
  beforeAll(async () => {
    pg = await startPushgateway();
    const other = Array.from({ length: 20 }, (_, i) => `other_gauge{series="s${i}"} ${i}.5\n`).join('');
    for (let g = 0; g < FOREIGN_GROUPS; g += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, k) => put(pg, `job/other-${g + k}/pipeline/nightly`, other)));
    }
    // Sieve series of the same job and pipeline under other grouping keys: never this group's.
    // (With Sieve's own HELP and TYPE lines, which the Pushgateway requires to agree across groups.)
    const seed = startSieve({ serviceName: 'seed-job', pushgateway: { url: pg.url } });
    await seed.pipeline('seed').run((r) => r.rowsRead(1));
    await seed.shutdown();
    const exposed = (await (await fetch(`${pg.url}/metrics`)).text()).split('\n');
    const meta = (name: string) =>
      exposed.filter((l) => l.startsWith(`# HELP ${name} `) || l.startsWith(`# TYPE ${name} `));
    const sieveLike = [
      ...meta(runsName),
      `${runsName}{outcome="success",pipeline="nightly"} 50`,
      ...meta(rowsName),
      `${rowsName}{kind="read",pipeline="nightly"} 500`,
      '',
    ].join('\n');
    await put(pg, 'job/busy-job/pipeline/nightly/instance/shard-1', sieveLike);
    await put(pg, 'job/busy-job/pipeline/nightly/shard/2', sieveLike);
    await put(pg, 'job/busy-job/pipeline/weekly', sieveLike.replaceAll('nightly', 'weekly'));
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('runs continue from their own group only', async () => {
    for (let i = 0; i < 2; i++) {
      const sieve = startSieve({ serviceName: 'busy-job', pushgateway: { url: pg.url } });
      await sieve.pipeline('nightly').run((run) => run.rowsRead(5));
      await sieve.shutdown();
    }
    const mine = { instance: '', job: 'busy-job', pipeline: 'nightly' };
    expect(await sample(pg, runsName, { ...mine, outcome: 'success' })).toBe(2);
    expect(await sample(pg, rowsName, { ...mine, kind: 'read' })).toBe(10);
    expect(await sample(pg, durationCount, { ...mine, outcome: 'success' })).toBe(2);
    // The other groups are as they were pushed.
    expect(await sample(pg, runsName, { ...mine, instance: 'shard-1', outcome: 'success' })).toBe(50);
    expect(await sample(pg, runsName, { ...mine, shard: '2', outcome: 'success' })).toBe(50);
  }, 60_000);

  it('the read-back streams: chunks cut anywhere (inside a line, inside a UTF-8 character) read the same', async () => {
    const pipeline = 'Ünïcødé "quoted" \\ back/slash';
    const sieve = startSieve({ serviceName: 'chunk-job', pushgateway: { url: pg.url } });
    await sieve.pipeline(pipeline).run((run) => run.rowsRead(7));
    await sieve.shutdown();
    const body = new Uint8Array(await (await fetch(`${pg.url}/metrics`)).arrayBuffer());
    const group = { job: 'chunk-job', pipeline };
    const whole = await readGroupText(new Response(body).body, group);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 7) controller.enqueue(body.subarray(i, i + 7));
        controller.close();
      },
    });
    expect(await readGroupText(chunked, group)).toEqual(whole);
    const rows = whole.find((s) => s.metric === 'pipelineRows' && s.labels[LABEL.rowKind] === 'read');
    expect(rows?.value).toBe(7);
    expect(rows?.labels.pipeline).toBe(pipeline);
    const duration = whole.find((s) => s.metric === 'pipelineRunDuration' && s.labels[LABEL.outcome] === 'success');
    expect(duration?.counts?.reduce((a, b) => a + b, 0)).toBe(1);
  }, 60_000);

  describe('with a stateFile', () => {
    let proxy: Awaited<ReturnType<typeof recordingProxy>>;
    beforeEach(async () => {
      proxy = await recordingProxy(pg.url);
    });
    afterEach(async () => {
      await proxy.close();
    });
    const reads = () => proxy.seen.filter((r) => r.startsWith('GET'));
    const run = async (stateFile: string, pipeline = 'stateful') => {
      const sieve = startSieve({ serviceName: 'state-job', stateFile, pushgateway: { url: proxy.url } });
      await sieve.pipeline(pipeline).run((r) => r.rowsRead(5));
      await sieve.shutdown();
    };

    it('runs after the first continue from the file and never read the Pushgateway', async () => {
      const stateFile = join(mkdtempSync(join(tmpdir(), 'sieve-pg-state-')), 'state.json');
      await run(stateFile);
      expect(reads().length).toBeGreaterThan(0); // no file yet: the group is read back
      proxy.seen.length = 0;
      await run(stateFile);
      await run(stateFile);
      expect(reads()).toEqual([]);
      expect(proxy.seen.filter((r) => r.startsWith('PUT')).length).toBeGreaterThan(0);
      const mine = { instance: '', job: 'state-job', pipeline: 'stateful' };
      expect(await sample(pg, runsName, { ...mine, outcome: 'success' })).toBe(3);
      expect(await sample(pg, rowsName, { ...mine, kind: 'read' })).toBe(15);
      expect(await sample(pg, durationCount, { ...mine, outcome: 'success' })).toBe(3);
    }, 60_000);

    it('a file pushed to another group is not used: the group is read back', async () => {
      const stateFile = join(mkdtempSync(join(tmpdir(), 'sieve-pg-state-')), 'state.json');
      await run(stateFile, 'first');
      await run(stateFile, 'first');
      proxy.seen.length = 0;
      await run(stateFile, 'second');
      expect(reads().length).toBeGreaterThan(0);
      const second = { instance: '', job: 'state-job', pipeline: 'second' };
      expect(await sample(pg, runsName, { ...second, outcome: 'success' })).toBe(1);
      expect(await sample(pg, rowsName, { ...second, kind: 'read' })).toBe(5);
    }, 60_000);
  });
});
