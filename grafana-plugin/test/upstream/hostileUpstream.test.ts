import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDatasource } from '../../backend/src/datasource/index.ts';
import { UPSTREAM_ANSWER_BYTES, UPSTREAM_CONCURRENCY } from '../../backend/src/datasource/limits.ts';
import type { DataResponse, InstanceSettings } from '../../backend/src/sdk/index.ts';
import { dataQuery, instanceSettings, requestContext } from '../datasource/handlerRequests.ts';
import { emptyAnswer, json, type ScriptedUpstream, startUpstream } from './scriptedUpstream.ts';

/**
 * The datasource against upstreams that redirect, echo secrets back encoded, send too much, stall,
 * or are asked the same thing by many panels at once. Each upstream is a real HTTP server on
 * loopback; the datasource runs for real.
 */
const PASSWORD = 'pw-Q9 z/+x';
const TENANT = 'tenant-7f3a9c';
const ds = createDatasource();
const now = Date.now();
const range = { fromMs: now - 3_600_000, toMs: now };
const anomaly = (expr = 'up') => dataQuery('anomaly', { expr }, range);

function settings(url: string, timeoutSeconds = 5): InstanceSettings {
  return instanceSettings(url, {
    basicAuthEnabled: true,
    basicAuthUser: 'ann',
    jsonData: { httpHeaderName1: 'X-Scope-OrgID', httpHeaderName2: 'X-Api-Key', timeoutSeconds },
    decryptedSecureJsonData: {
      basicAuthPassword: PASSWORD,
      httpHeaderValue1: TENANT,
      httpHeaderValue2: 'key-55aa66bb',
    },
  });
}

const SECRET_HEADERS = ['authorization', 'x-scope-orgid', 'x-api-key'];

function errorOf(r: DataResponse): string {
  if (!('error' in r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.error;
}

const upstreams: ScriptedUpstream[] = [];
async function upstream(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<ScriptedUpstream> {
  const u = await startUpstream(handle);
  upstreams.push(u);
  return u;
}
afterAll(() => Promise.all(upstreams.map((u) => u.close())));

describe('redirects', () => {
  it('drops every secure header and credential when redirected to another origin', async () => {
    const other = await upstream(emptyAnswer);
    const first = await upstream((req, res) => {
      res.writeHead(307, { location: `${other.url}${req.url ?? ''}` }).end();
    });
    const r = await ds.queryData(requestContext(settings(first.url)), anomaly());
    expect(r).toEqual({ frames: [], status: 200 });
    expect(first.seen[0]?.headers).toMatchObject({ 'x-scope-orgid': TENANT });
    expect(other.seen).toHaveLength(1);
    for (const name of SECRET_HEADERS) expect(other.seen[0]?.headers[name]).toBeUndefined();
  });

  it('keeps them for a redirect within the same origin', async () => {
    const u = await upstream((req, res) => {
      if (req.url?.startsWith('/old/')) res.writeHead(301, { location: req.url.replace('/old/', '/new/') }).end();
      else emptyAnswer(req, res);
    });
    const r = await ds.queryData(requestContext(settings(`${u.url}/old`)), anomaly());
    expect(r).toEqual({ frames: [], status: 200 });
    expect(u.seen[1]?.url).toMatch(/^\/new\/api\/v1\/query_range/);
    for (const name of SECRET_HEADERS) expect(u.seen[1]?.headers[name]).toBeDefined();
  });

  it('stops a redirect loop with a downstream error', async () => {
    const u = await upstream((req, res) => void res.writeHead(302, { location: req.url ?? '/' }).end());
    const r = await ds.queryData(requestContext(settings(u.url)), anomaly());
    expect(r).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(errorOf(r)).toMatch(/stopped after 5 redirects/);
  });
});

describe('secrets an upstream echoes back', () => {
  /** Every form of the request's headers a misbehaving proxy might print. */
  function echo(req: IncomingMessage, res: ServerResponse): void {
    const text = JSON.stringify(req.headers);
    json(res, 502, {
      status: 'error',
      error: `raw ${text} url ${encodeURIComponent(text)} form ${new URLSearchParams({ h: text }).toString()} b64 ${Buffer.from(`x${text}`).toString('base64')} b64url ${Buffer.from(`xy${text}`).toString('base64url')}`,
    });
  }

  it.each([
    ['query errors', async (url: string) => errorOf(await ds.queryData(requestContext(settings(url)), anomaly()))],
    ['health messages', async (url: string) => (await ds.checkHealth(requestContext(settings(url)))).message],
  ])('are masked in %s in every encoding', async (_, read) => {
    const u = await upstream(echo);
    const text = await read(u.url);
    expect(text).toContain('[redacted]');
    const basic = Buffer.from(`ann:${PASSWORD}`).toString('base64');
    for (const secret of [PASSWORD, TENANT, 'key-55aa66bb', basic]) {
      for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').slice(0, 8)]) {
        expect(text).not.toContain(form);
      }
    }
  });
});

describe('answers that are too large', () => {
  it('stops reading at the byte cap and says how to narrow the query', async () => {
    // An answer that never ends: a string value four times the cap.
    let sent = 0;
    const u = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":{"resultType":"matrix","result":[]},"padding":"');
      const chunk = 'x'.repeat(1 << 16);
      const more = () => {
        while (sent < 4 * UPSTREAM_ANSWER_BYTES && res.write(chunk)) sent += chunk.length;
        if (sent < 4 * UPSTREAM_ANSWER_BYTES) res.once('drain', more);
        else res.end('","status":"success"}');
      };
      more();
    });
    const r = await ds.queryData(requestContext(settings(u.url, 30)), anomaly());
    expect(r).toMatchObject({ status: 413, errorSource: 'plugin' });
    expect(errorOf(r)).toMatch(
      /larger than the 48 MiB limit per upstream answer; narrow the query: a shorter time range/
    );
    // The connection was dropped rather than read to the end.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(u.abandoned()).toBe(1);
    expect(sent).toBeLessThan(2 * UPSTREAM_ANSWER_BYTES);
  });
});

describe('timeouts', () => {
  it.each([
    ['no headers', (_req: IncomingMessage, _res: ServerResponse) => undefined],
    [
      'a body that stalls',
      (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"status":"success","data":{"resultType":"matrix","result":[');
      },
    ],
  ])('%s → 504 timeout, not 502', async (_, handle) => {
    const u = await upstream(handle);
    const r = await ds.queryData(requestContext(settings(u.url, 1)), anomaly());
    expect(r).toMatchObject({ status: 504, errorSource: 'downstream' });
    expect(errorOf(r)).toMatch(/no answer within 1 s \(timeout\)/);
  });
});

describe('fan-out', () => {
  /** Answers after `delayMs`, counting how many requests are open at once. */
  function slowUpstream(delayMs: number) {
    let open = 0;
    const state = { maxOpen: 0 };
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      open++;
      state.maxOpen = Math.max(state.maxOpen, open);
      const timer = setTimeout(() => {
        open--;
        emptyAnswer(req, res);
      }, delayMs);
      res.on('close', () => {
        if (!res.writableFinished) {
          clearTimeout(timer);
          open--;
        }
      });
    };
    return { handle, state };
  }

  it('coalesces identical in-flight requests into one', async () => {
    const slow = slowUpstream(300);
    const u = await upstream(slow.handle);
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => ds.queryData(requestContext(settings(u.url)), anomaly()))
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(u.seen).toHaveLength(1);
  });

  it('runs at most UPSTREAM_CONCURRENCY distinct requests at once; the rest wait their turn', async () => {
    const slow = slowUpstream(150);
    const u = await upstream(slow.handle);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => ds.queryData(requestContext(settings(u.url)), anomaly(`up + ${i}`)))
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(u.seen).toHaveLength(12);
    expect(slow.state.maxOpen).toBe(UPSTREAM_CONCURRENCY);
  });

  it('cancels the upstream request when its only caller gives up, not while another still waits', async () => {
    const slow = slowUpstream(1000);
    const u = await upstream(slow.handle);
    const leaving = new AbortController();
    const ctx = { ...requestContext(settings(u.url)), signal: leaving.signal };
    setTimeout(() => leaving.abort(new Error('the gRPC deadline passed')), 200);
    const [left, stayed] = await Promise.all([
      ds.queryData(ctx, anomaly()),
      ds.queryData(requestContext(settings(u.url)), anomaly()),
    ]);
    expect(left).toMatchObject({ status: 504 });
    expect(stayed).toEqual({ frames: [], status: 200 });
    expect(u.abandoned()).toBe(0);

    const alone = new AbortController();
    setTimeout(() => alone.abort(new Error('the gRPC deadline passed')), 200);
    const r = await ds.queryData({ ...requestContext(settings(u.url)), signal: alone.signal }, anomaly('other'));
    expect(r).toMatchObject({ status: 504 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(u.abandoned()).toBe(1);
  });
});
