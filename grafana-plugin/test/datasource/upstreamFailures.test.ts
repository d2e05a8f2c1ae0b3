import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@sieve/testkit';
import { createDatasource } from '../../backend/src/datasource/index.ts';
import { HEAD_CHARS } from '../../backend/src/datasource/jsonBody.ts';
import type { DataResponse, InstanceSettings } from '../../backend/src/sdk/index.ts';
import { dataQuery, instanceSettings, requestContext } from './handlerRequests.ts';

/**
 * A deliberately broken Prometheus stand-in: the first path segment picks the misbehaviour. It
 * stands in for a failing upstream, not for the datasource, which runs for real.
 */
const SECRET = 's3cr3t-Pa55';
const TOKEN = 'tok-xyz-987';
/** A 50-character bearer token, echoed where a 300-character quote would cut it. */
const JWT = 'eyJhbGciOiJIUzI1NiJ9.SECRETPAYLOAD1234567890abcdef';

let server: Server;
let base: string;
const seen: IncomingMessage[] = [];

function misbehave(mode: string, req: IncomingMessage, res: import('node:http').ServerResponse): void {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  switch (mode) {
    case 'unauthorised':
      return json(401, { status: 'error', errorType: 'unauthorized', error: 'authentication required' });
    case 'forbidden':
      return json(403, { status: 'error', error: 'tenant not allowed' });
    case 'bad-request':
      return json(400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' });
    case 'server-error':
      return json(503, { status: 'error', errorType: 'unavailable', error: 'ingesters are down' });
    case 'garbage':
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html>Welcome to nginx!</html>');
    case 'wrong-shape':
      return json(200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: 'x' }] } });
    case 'echo':
      // A proxy that reflects the request headers into its error page: secrets must still not leak.
      return json(500, { status: 'error', error: `bad gateway; request headers: ${JSON.stringify(req.headers)}` });
    case 'echo-at-cut':
      // A gateway that dumps the request: the token ends just past the 300 characters an error quotes.
      return json(400, {
        status: 'error',
        errorType: 'bad_data',
        error: `${'x'.repeat(218)} Authorization: ${req.headers.authorization}`,
      });
    case 'echo-at-head-cut':
      // Not JSON, and so long that only its head is kept: the head ends inside the token.
      res.writeHead(502, { 'content-type': 'text/plain' });
      return void res.end(`${' '.repeat(HEAD_CHARS - 20)}${req.headers.authorization}${' tail'.repeat(10)}`);
    case 'slow':
      return void setTimeout(
        () => json(200, { status: 'success', data: { resultType: 'matrix', result: [] } }),
        3000
      ).unref();
    case 'empty':
      if (req.url?.includes('/label/')) return json(200, { status: 'success', data: [] });
      return json(200, { status: 'success', data: { resultType: 'matrix', result: [] } });
    case 'not-prometheus':
      // What a Pushgateway, Alertmanager or exporter answers for /api/v1/label/…/values.
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('404 page not found\n');
    case 'prefix':
      // Mimir-style path prefix: only /prefix/prometheus/api/v1/... answers.
      if (!req.url?.startsWith('/prefix/prometheus/api/v1/')) return json(404, { error: 'wrong path' });
      if (req.url.includes('/label/')) return json(200, { status: 'success', data: ['p1', 'p2'] });
      return json(200, { status: 'success', data: { resultType: 'matrix', result: [] } });
    default:
      return json(404, { status: 'error', error: 'unknown mode' });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    misbehave(req.url?.split('/')[1] ?? '', req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const now = Date.now();
const range = { fromMs: now - 3_600_000, toMs: now };
const anomaly = dataQuery('anomaly', { expr: 'up' }, range);
const ds = createDatasource();

function withSecrets(url: string, extra: Partial<InstanceSettings> = {}): InstanceSettings {
  return instanceSettings(url, {
    basicAuthEnabled: true,
    basicAuthUser: 'ann',
    jsonData: { httpHeaderName1: 'X-Scope-OrgID', timeoutSeconds: 1 },
    decryptedSecureJsonData: { basicAuthPassword: SECRET, httpHeaderValue1: `tenant-${TOKEN}` },
    ...extra,
  });
}

function expectError(r: DataResponse, status: number, errorSource: string, message: RegExp): void {
  expect(r).toMatchObject({ status, errorSource });
  if (!('error' in r)) throw new Error('expected an error response');
  expect(r.error).toMatch(message);
  for (const secret of [SECRET, TOKEN, Buffer.from(`ann:${SECRET}`).toString('base64')]) {
    expect(r.error).not.toContain(secret);
  }
}

describe('upstream failures become per-query errors', () => {
  it.each([
    ['unauthorised', 502, /unauthorised \(HTTP 401\); check the datasource credentials/],
    ['forbidden', 502, /unauthorised \(HTTP 403\)/],
    ['bad-request', 502, /HTTP 400: bad_data: parse error at char 3/],
    ['server-error', 502, /HTTP 503: unavailable: ingesters are down/],
    ['garbage', 502, /not a Prometheus API response: <html>Welcome to nginx!<\/html>/],
    ['wrong-shape', 502, /unexpected response shape \(malformed series\)/],
    ['echo', 502, /HTTP 500: bad gateway/],
    ['slow', 504, /no answer within 1 s \(timeout\)/],
  ])('%s → %i downstream', async (mode, status, message) => {
    const r = await ds.queryData(requestContext(withSecrets(`${base}/${mode}`)), anomaly);
    expectError(r, status, 'downstream', message);
  });

  it('connection refused → 502 downstream', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await ds.queryData(requestContext(withSecrets(url)), anomaly);
    expectError(r, 502, 'downstream', /cannot reach http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
  });

  it('stops waiting when Grafana cancels the request', async () => {
    const controller = new AbortController();
    const ctx = {
      ...requestContext(withSecrets(`${base}/slow`, { jsonData: { timeoutSeconds: 30 } })),
      signal: controller.signal,
    };
    setTimeout(() => controller.abort(), 200);
    // Without cancellation the slow upstream would answer successfully after 3 s.
    expectError(await ds.queryData(ctx, anomaly), 504, 'downstream', /request cancelled/);
  });

  it('masks secrets that a proxy reflects back', async () => {
    const r = await ds.queryData(requestContext(withSecrets(`${base}/echo`)), anomaly);
    if (!('error' in r)) throw new Error('expected an error');
    expect(r.error).toContain('[redacted]');
  });

  it('never shows part of a secret that a quote or the kept head of a long body cuts', async () => {
    const bearer = (mode: string) =>
      requestContext(instanceSettings(`${base}/${mode}`, { decryptedSecureJsonData: { bearerToken: JWT } }));
    const pieces = Array.from({ length: JWT.length - 7 }, (_, i) => JWT.slice(i, i + 8));
    for (const mode of ['echo-at-cut', 'echo-at-head-cut']) {
      const r = await ds.queryData(bearer(mode), anomaly);
      if (!('error' in r)) throw new Error('expected an error');
      expect(r.error).toMatch(/HTTP (400|502)/);
      for (const piece of pieces) expect(r.error).not.toContain(piece);
      const health = await ds.checkHealth(bearer(mode));
      for (const piece of pieces) expect(health.message).not.toContain(piece);
    }
  });

  it('sends auth and custom headers, and keeps the URL path prefix', async () => {
    seen.length = 0;
    const r = await ds.queryData(requestContext(withSecrets(`${base}/prefix/prometheus/`)), anomaly);
    expect(r).toEqual({ frames: [], status: 200 });
    const req = seen[0];
    expect(req?.url).toMatch(/^\/prefix\/prometheus\/api\/v1\/query_range\?query=up&start=/);
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from(`ann:${SECRET}`).toString('base64')}`);
    expect(req?.headers['x-scope-orgid']).toBe(`tenant-${TOKEN}`);

    seen.length = 0;
    const bearer = instanceSettings(`${base}/prefix/prometheus`, { decryptedSecureJsonData: { bearerToken: TOKEN } });
    await ds.queryData(requestContext(bearer), anomaly);
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends long PromQL as a form POST (proxies cap URL length)', async () => {
    seen.length = 0;
    const expr = `sum(${Array.from({ length: 400 }, (_, i) => `up{instance="host-${i}"}`).join(' or ')})`;
    const r = await ds.queryData(
      requestContext(withSecrets(`${base}/prefix/prometheus`)),
      dataQuery('anomaly', { expr }, range)
    );
    expect(r).toEqual({ frames: [], status: 200 });
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('/prefix/prometheus/api/v1/query_range');
    expect(seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('validation errors are 400 from the plugin, before any upstream request', async () => {
    seen.length = 0;
    const ctx = requestContext(withSecrets(`${base}/prefix/prometheus`));
    expectError(await ds.queryData(ctx, dataQuery('drift', '{"measure":', range)), 400, 'plugin', /not valid JSON/);
    expectError(await ds.queryData(ctx, dataQuery('nope', {}, range)), 400, 'plugin', /unknown query type "nope"/);
    expectError(
      await ds.queryData(ctx, dataQuery('anomaly', { expr: 'up', step: '1s' }, { fromMs: 0, toMs: now })),
      400,
      'plugin',
      /field "timeRange": longer than the 5-year maximum/
    );
    expectError(
      await ds.queryData(
        ctx,
        dataQuery('anomaly', { expr: 'up', step: '1s' }, { fromMs: now - 86_400_000, toMs: now })
      ),
      400,
      'plugin',
      /^anomaly query: field "step": 86401 points per series exceed the 11000 maximum/
    );
    expectError(
      await ds.queryData(ctx, dataQuery('drift', { features: 'le="1"' }, range)),
      400,
      'plugin',
      /field "features": label "le" cannot be matched on here/
    );
    expectError(
      await ds.queryData(ctx, dataQuery('drift', {}, { fromMs: now, toMs: now - 1000 })),
      400,
      'plugin',
      /field "timeRange": "to" must be after "from"/
    );
    expectError(
      await ds.queryData(requestContext(instanceSettings('')), anomaly),
      400,
      'plugin',
      /datasource settings: field "url"/
    );
    expect(seen).toHaveLength(0);
  });
});

describe('health and resources on a broken upstream', () => {
  it('says exactly what is wrong', async () => {
    const ctx = (path: string) => requestContext(withSecrets(`${base}/${path}`));
    const down = await ds.checkHealth(requestContext(withSecrets(`http://127.0.0.1:${await freePort()}`)));
    expect(down).toMatchObject({ status: 'ERROR', details: { failure: 'unreachable' } });
    expect(down.message).toMatch(/^Prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable/);

    const unauthorised = await ds.checkHealth(ctx('unauthorised'));
    expect(unauthorised).toMatchObject({ status: 'ERROR', details: { failure: 'unauthorised', httpStatus: 401 } });
    expect(unauthorised.message).toMatch(/rejected the credentials/);

    const empty = await ds.checkHealth(ctx('empty'));
    expect(empty).toMatchObject({ status: 'ERROR', details: { failure: 'no-sieve-metrics', pipelines: 0 } });
    expect(empty.message).toMatch(/is reachable but holds no Sieve metrics/);

    const other = await ds.checkHealth(ctx('not-prometheus'));
    expect(other).toMatchObject({ status: 'ERROR', details: { failure: 'garbage', httpStatus: 404 } });
    expect(other.message).toMatch(/answered with something that is not the Prometheus HTTP API: .*HTTP 404/);
    expect(other.message).toMatch(/\/prometheus prefix/);

    const settings = await ds.checkHealth(requestContext(instanceSettings('ftp://x')));
    expect(settings).toMatchObject({ status: 'ERROR', details: { failure: 'settings' } });

    for (const r of [down, unauthorised, empty, await ds.checkHealth(ctx('echo'))]) {
      expect(JSON.stringify(r)).not.toContain(SECRET);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    }
  });

  it('maps upstream failures of resources to JSON errors', async () => {
    const get = (url: string, path: string, method = 'GET') =>
      ds.callResource(requestContext(withSecrets(url)), {
        path,
        method,
        url: path,
        headers: {},
        body: new Uint8Array(),
      });
    const body = (r: { body: Uint8Array }) => JSON.parse(new TextDecoder().decode(r.body)) as unknown;

    const ok = await get(`${base}/prefix/prometheus`, 'pipelines');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toEqual(['application/json']);
    expect(body(ok)).toEqual(['p1', 'p2']);

    const failed = await get(`${base}/unauthorised`, 'features');
    expect(failed.status).toBe(502);
    expect(body(failed)).toEqual({ error: expect.stringMatching(/unauthorised \(HTTP 401\)/) });

    const missing = await get(`${base}/prefix/prometheus`, 'nothing-here');
    expect(missing.status).toBe(404);
    expect(body(missing)).toEqual({ error: expect.stringMatching(/^no resource "nothing-here"/) });

    const post = await get(`${base}/prefix/prometheus`, 'models', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toEqual(['GET']);
  });
});
