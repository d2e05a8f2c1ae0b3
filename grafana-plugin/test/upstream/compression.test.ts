import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { checkHealth } from '../../backend/src/datasource/health.ts';
import { createPrometheusClient } from '../../backend/src/datasource/prometheusClient.ts';
import { parseSettings } from '../../backend/src/datasource/settings.ts';
import type { InstanceSettings } from '../../backend/src/sdk/index.ts';
import { instanceSettings } from '../datasource/handlerRequests.ts';
import { type ScriptedUpstream, startUpstream } from './scriptedUpstream.ts';

/**
 * `jsonData.compression` against a real HTTP server on loopback that answers as Prometheus does:
 * gzip when the request accepts it, the plain body otherwise. Every upstream request (range, instant,
 * label values, health check, long-query POST) carries the setting, and both encodings parse alike.
 */
const MATRIX = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: { feature: 'a' },
        values: [
          [1700000000, '1.5'],
          [1700000060, 'NaN'],
          [1700000120, '+Inf'],
        ],
      },
      {
        metric: { feature: 'b' },
        values: [
          [1700000000, '-2'],
          [1700000060, '1e-3'],
        ],
      },
    ],
  },
};
const VECTOR = {
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: { m: 'x' }, value: [1700000000, '4'] }] },
};
const LABELS = { status: 'success', data: ['p1', 'p2'] };

interface Seen {
  path: string;
  method: string;
  acceptEncoding: string | undefined;
  /** What the server answered with. */
  contentEncoding: 'gzip' | 'identity';
}

let upstream: ScriptedUpstream;
let seen: Seen[] = [];

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const body = path.includes('/label/') ? LABELS : path.endsWith('/query_range') ? MATRIX : VECTOR;
  const acceptEncoding = req.headers['accept-encoding'];
  // Prometheus' compression handler: gzip if the client lists it, else the plain body.
  const gzip = /\bgzip\b/.test(acceptEncoding ?? '');
  seen.push({ path, method: req.method ?? '', acceptEncoding, contentEncoding: gzip ? 'gzip' : 'identity' });
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
  // Drain a POSTed form before answering.
  req.resume();
  req.on('end', () => res.end(gzip ? gzipSync(text) : text));
}

beforeAll(async () => {
  upstream = await startUpstream(answer);
});
afterAll(() => upstream.close());
beforeEach(() => {
  seen = [];
});

const range = { startMs: 1_700_000_000_000, endMs: 1_700_000_120_000, stepMs: 60_000 };

function settings(jsonData: Record<string, unknown>, secure: Record<string, string> = {}): InstanceSettings {
  return instanceSettings(upstream.url, { jsonData, decryptedSecureJsonData: secure });
}

/** Every kind of upstream request, through the same client; returns what was parsed. */
async function everyRequest(instance: InstanceSettings) {
  const client = createPrometheusClient(parseSettings(instance));
  const matrix = await client.queryRange('up', range);
  const longQuery = await client.queryRange(`up{job=~"${'x|'.repeat(2500)}x"}`, range);
  const vector = await client.queryInstant('up', 1_700_000_000_000);
  const labels = await client.labelValues('pipeline', ['sieve_up']);
  const health = await checkHealth(instance, AbortSignal.timeout(10_000));
  return { matrix, longQuery, vector, labels, health: health.status };
}

it('gzip (the default) leaves the client its Accept-Encoding, which asks for gzip, on every request', async () => {
  const parsed = await everyRequest(settings({}));
  expect(new Set(seen.map((s) => `${s.method} ${s.path.replace(/\/label\/.*/, '/label')}`))).toEqual(
    new Set(['GET /api/v1/query_range', 'POST /api/v1/query_range', 'GET /api/v1/query', 'GET /api/v1/label'])
  );
  for (const s of seen) {
    expect(s.acceptEncoding).toMatch(/\bgzip\b/);
    expect(s.contentEncoding).toBe('gzip');
  }
  expect(parsed.health).toBe('OK');
  // "gzip" stated explicitly is the default.
  seen = [];
  expect(await everyRequest(settings({ compression: 'gzip' }))).toEqual(parsed);
  expect(seen.every((s) => s.contentEncoding === 'gzip')).toBe(true);
});

it('none sends Accept-Encoding: identity on every request, and the plain answers parse the same as gzip ones', async () => {
  const gzipped = await everyRequest(settings({ compression: 'gzip' }));
  seen = [];
  const plain = await everyRequest(settings({ compression: 'none' }));
  expect(seen.length).toBeGreaterThanOrEqual(5);
  for (const s of seen) {
    expect(s.acceptEncoding).toBe('identity');
    expect(s.contentEncoding).toBe('identity');
  }
  expect(plain).toEqual(gzipped);
  expect(plain.matrix.map((s) => [s.labels, [...s.values]])).toEqual([
    [{ feature: 'a' }, [1.5, NaN, Infinity]],
    [{ feature: 'b' }, [-2, 0.001]],
  ]);
  expect(plain.health).toBe('OK');
});

it('a custom Accept-Encoding header (httpHeaderName<N>) wins over the setting, sent once, and is still decoded', async () => {
  const custom = await everyRequest(
    settings({ compression: 'none', httpHeaderName1: 'accept-encoding' }, { httpHeaderValue1: 'gzip' })
  );
  for (const s of seen) {
    expect(s.acceptEncoding).toBe('gzip');
    expect(s.contentEncoding).toBe('gzip');
  }
  seen = [];
  await everyRequest(settings({ httpHeaderName1: 'Accept-Encoding' }, { httpHeaderValue1: 'identity' }));
  expect(seen.every((s) => s.acceptEncoding === 'identity' && s.contentEncoding === 'identity')).toBe(true);
  expect(custom.matrix).toEqual((await everyRequest(settings({}))).matrix);
});

it('the encoding asked for, by the setting or a custom header, follows a redirect to another origin', async () => {
  // A front on another port (another origin) that redirects every request to the upstream.
  const front = await startUpstream((req, res) => {
    res.writeHead(307, { location: `${upstream.url}${req.url ?? '/'}` });
    res.end();
  });
  try {
    const client = (jsonData: Record<string, unknown>, secure: Record<string, string> = {}) =>
      createPrometheusClient(parseSettings(instanceSettings(front.url, { jsonData, decryptedSecureJsonData: secure })));
    await client({ compression: 'none' }).queryRange('up', range);
    await client(
      { httpHeaderName1: 'Accept-Encoding', httpHeaderName2: 'X-Scope-OrgID' },
      {
        httpHeaderValue1: 'identity',
        httpHeaderValue2: 'tenant-1',
      }
    ).queryInstant('up', 1_700_000_000_000);
    expect(seen.map((s) => [s.path, s.acceptEncoding, s.contentEncoding])).toEqual([
      ['/api/v1/query_range', 'identity', 'identity'],
      ['/api/v1/query', 'identity', 'identity'],
    ]);
  } finally {
    await front.close();
  }
});
