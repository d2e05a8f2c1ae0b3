import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@sieve/testkit';
import { LABEL, METRICS, startSieve } from '../src/index.ts';
import { stderrOf } from './support/stderr.ts';

/** OTLP/JSON as the OTLP/HTTP exporter sends it, reduced to what these tests read. */
interface Body {
  resourceMetrics: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeMetrics: Array<{
      metrics: Array<{
        name: string;
        sum?: {
          aggregationTemporality: number;
          isMonotonic: boolean;
          dataPoints: Array<{
            asDouble?: number;
            startTimeUnixNano: string;
            attributes: Array<{ key: string; value: { stringValue: string } }>;
          }>;
        };
      }>;
    }>;
  }>;
}

const DELTA = 1;
const CUMULATIVE = 2;

let receiver: Server;
let url: string;
const bodies: Body[] = [];
beforeAll(async () => {
  receiver = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(body) as Body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  }).listen(0, '127.0.0.1');
  await new Promise((r) => receiver.once('listening', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/metrics`;
});
afterAll(() => receiver.close());

/** One run of a job that exits: a fresh Sieve, one successful run, shutdown; returns its payloads. */
async function oneRun(options: { temporality?: 'cumulative' | 'delta'; stateFile?: string }): Promise<Body[]> {
  const before = bodies.length;
  const sieve = startSieve({
    serviceName: 'nightly-job',
    instance: 'nightly-1',
    otlp: { url, intervalMs: 60_000, temporality: options.temporality },
    stateFile: options.stateFile,
  });
  await sieve.pipeline('nightly').run((run) => run.rowsRead(10));
  await sieve.shutdown();
  expect(bodies.length).toBeGreaterThan(before);
  return bodies.slice(before);
}

/** The success-run data point and the resource's service.instance.id. */
function successRuns(body: Body) {
  const rm = body.resourceMetrics[0] as Body['resourceMetrics'][number];
  const metric = rm.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.name === METRICS.pipelineRuns.name);
  const point = metric?.sum?.dataPoints.find((p) =>
    p.attributes.some((a) => a.key === LABEL.outcome && a.value.stringValue === 'success')
  );
  const instance = rm.resource.attributes.find((a) => a.key === 'service.instance.id')?.value.stringValue;
  return {
    temporality: metric?.sum?.aggregationTemporality,
    value: point?.asDouble,
    start: point?.startTimeUnixNano,
    instance,
  };
}

describe('a batch job over OTLP', () => {
  it('cumulative with a state file: one monotonic stream across runs, same start time, stable identity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-state-'));
    try {
      const stateFile = join(dir, 'nightly.json');
      const a = successRuns((await oneRun({ stateFile })).at(-1) as Body);
      const b = successRuns((await oneRun({ stateFile })).at(-1) as Body);
      expect([a.temporality, a.value, a.instance]).toEqual([CUMULATIVE, 1, 'nightly-1']);
      expect([b.temporality, b.value, b.instance]).toEqual([CUMULATIVE, 2, 'nightly-1']);
      expect(b.start).toBe(a.start);
      const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { format: string; version: number };
      expect([saved.format, saved.version]).toEqual(['sieve-state', 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends the run counters at 0 when a pipeline is created, before its first run ends', async () => {
    const before = bodies.length;
    const sieve = startSieve({ serviceName: 'zero-job', otlp: { url, intervalMs: 60_000 } });
    const run = sieve.pipeline('zero').start();
    await waitFor(() => bodies.length > before, { timeoutMs: 10_000, what: 'the first OTLP export' });
    expect(successRuns(bodies[before] as Body).value).toBe(0);
    await run.end();
    await sieve.shutdown();
    expect(successRuns(bodies.at(-1) as Body).value).toBe(1);
  });

  it('delta when the backend asks for it: each run reports its own increments', async () => {
    // A run flushes at its end and again at shutdown (delta 0 then): sum what each run sent.
    const sent = async () => {
      const points = (await oneRun({ temporality: 'delta' })).map(successRuns);
      expect(points.every((p) => p.temporality === DELTA && p.instance === 'nightly-1')).toBe(true);
      return points.reduce((sum, p) => sum + (p.value ?? 0), 0);
    };
    expect(await sent()).toBe(1);
    expect(await sent()).toBe(1);
  });
});

describe('an OTLP receiver that refuses the export (HTTP 401)', () => {
  let refusing: Server;
  let refusingUrl: string;
  const requests: string[] = [];
  beforeAll(async () => {
    refusing = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized'));
    }).listen(0, '127.0.0.1');
    await new Promise((r) => refusing.once('listening', r));
    refusingUrl = `http://svcuser:Hunter2Secret@127.0.0.1:${(refusing.address() as AddressInfo).port}/v1/metrics`;
  });
  afterAll(() => refusing.close());

  /** One run and shutdown; what went to stderr and what shutdown() rejected with. */
  async function refusedRun(stateFile?: string): Promise<{ stderr: string; rejection: string }> {
    let rejection = '';
    const stderr = await stderrOf(async () => {
      const sieve = startSieve({
        serviceName: 'refused-job',
        prometheus: false,
        otlp: { url: refusingUrl, intervalMs: 60_000, temporality: 'delta' },
        stateFile,
      });
      await sieve.pipeline('refused').run((run) => run.rowsRead(3));
      await sieve.shutdown().catch((e: Error) => (rejection = e.message));
    });
    return { stderr, rejection };
  }

  it('shutdown() rejects, one stderr line says so, no credential shown', async () => {
    const { stderr, rejection } = await refusedRun();
    expect(requests.length).toBeGreaterThan(0); // the receiver was asked
    expect(rejection).toMatch(/OTLP export to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics failed: .*401/);
    const lines = stderr.split('\n').filter((l) => l.includes('OTLP export'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sieve: delivering a run's state failed: OTLP export .* failed/);
    for (const text of [stderr, rejection]) {
      expect(text).not.toContain('Hunter2Secret');
      expect(text).not.toContain(Buffer.from('svcuser:Hunter2Secret').toString('base64'));
    }
  }, 30_000);

  it('with stateFile, the state is not saved as delivered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-refused-'));
    try {
      const file = join(dir, 'state.json');
      const { rejection } = await refusedRun(file);
      expect(rejection).toMatch(/401/);
      expect(() => readFileSync(file)).toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('an OTLP receiver that accepts the connection and never answers', () => {
  let silent: Server;
  let silentUrl: string;
  const timeoutVariable = 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT';
  const savedTimeout = process.env[timeoutVariable];
  beforeAll(async () => {
    silent = createServer((req) => req.resume()).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1/metrics`;
    // The exporter's request timeout (10 s by default), read when Sieve creates the exporter.
    process.env[timeoutVariable] = '1000';
  });
  afterAll(() => {
    if (savedTimeout === undefined) delete process.env[timeoutVariable];
    else process.env[timeoutVariable] = savedTimeout;
    silent.closeAllConnections();
    silent.close();
  });

  // 60 s: the reader waits longer than the exporter; 500 ms: the reader gives up on the export
  // first (and says nothing), the exporter's own timeout still decides the delivery.
  it.each([60_000, 500])(
    'intervalMs %d: shutdown() rejects saying it timed out; the state is not saved',
    async (intervalMs) => {
      const dir = mkdtempSync(join(tmpdir(), 'sieve-silent-'));
      try {
        const file = join(dir, 'state.json');
        let rejection = '';
        await stderrOf(async () => {
          const sieve = startSieve({
            serviceName: 'silent-job',
            prometheus: false,
            otlp: { url: silentUrl, intervalMs },
            stateFile: file,
          });
          await sieve.pipeline('silent').run((run) => run.rowsRead(3));
          await sieve.shutdown().catch((e: Error) => (rejection = e.message));
        });
        expect(rejection).toMatch(
          /^OTLP export to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics failed: Request timed out \(OTEL_EXPORTER_OTLP_METRICS_TIMEOUT, else 10 s; or set otlp\.timeoutMs\)$/
        );
        expect(() => readFileSync(file)).toThrow(/ENOENT/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    30_000
  );
});
