import { freePort } from '@sieve/testkit';
import { ensureBuilt, launchPlugin } from '../harness/index.ts';
import { createDatasource } from '../../backend/src/datasource/index.ts';
import { proxyFor } from '../../backend/src/datasource/proxyEnv.ts';
import { dataQuery, instanceSettings, requestContext } from '../datasource/handlerRequests.ts';
import { type ForwardProxy, PROXY_ONLY_DOMAIN, startForwardProxy } from './forwardProxy.ts';
import { emptyAnswer, type ScriptedUpstream, startUpstream } from './scriptedUpstream.ts';

/**
 * Grafana passes HTTP_PROXY, HTTPS_PROXY and NO_PROXY to plugins and Go plugins honour them. The
 * upstream here answers at `prom.sieve.test`, a name only the loopback proxy resolves: a query
 * that succeeds went through the proxy.
 */
describe('proxyFor: the rules of Go’s ProxyFromEnvironment', () => {
  const env = { httpProxy: 'proxy:3128', httpsProxy: 'https://secure-proxy:8443', noProxy: '' };
  it.each([
    ['http://prom:9090', env, 'http://proxy:3128/'],
    ['https://prom', env, 'https://secure-proxy:8443/'],
    ['http://localhost:9090', env, undefined],
    ['http://127.0.0.7:9090', env, undefined],
    ['http://[::1]:9090', env, undefined],
    ['http://prom:9090', { ...env, noProxy: '*' }, undefined],
    ['http://prom.example.com', { ...env, noProxy: 'example.com' }, undefined],
    ['http://example.com', { ...env, noProxy: '.example.com' }, 'http://proxy:3128/'],
    ['http://a.example.com', { ...env, noProxy: '.example.com' }, undefined],
    ['http://notexample.com', { ...env, noProxy: 'example.com' }, 'http://proxy:3128/'],
    ['http://prom:9090', { ...env, noProxy: 'prom:9091' }, 'http://proxy:3128/'],
    ['http://prom:9090', { ...env, noProxy: 'other, prom:9090' }, undefined],
    ['http://10.1.2.3', { ...env, noProxy: '10.0.0.0/8' }, undefined],
    ['http://11.1.2.3', { ...env, noProxy: '10.0.0.0/8' }, 'http://proxy:3128/'],
    ['http://[fd00::5]', { ...env, noProxy: 'fd00::/8' }, undefined],
    ['https://prom', { httpProxy: 'proxy:3128' }, undefined],
  ])('%s with %j → %s', (target, proxyEnv, expected) => {
    expect(proxyFor(new URL(target), proxyEnv)?.href).toBe(expected);
  });

  it('refuses unsupported proxy schemes without quoting the variable', () => {
    expect(() => proxyFor(new URL('http://prom'), { httpProxy: 'ftp://user:pw@proxy' })).toThrow(
      /proxy scheme "ftp" in HTTP_PROXY\/HTTPS_PROXY is not supported/
    );
  });
});

describe('a proxy that is down', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('is named in the error (without its credentials), not the Prometheus it never reached', async () => {
    const port = await freePort();
    process.env.HTTPS_PROXY = `http://puser:proxypass99@127.0.0.1:${port}`;
    const url = `https://prom.${PROXY_ONLY_DOMAIN}:19443`;
    const ds = createDatasource();
    const settings = instanceSettings(url, { jsonData: { timeoutSeconds: 5 } });
    const now = Date.now();
    const r = await ds.queryData(
      requestContext(settings),
      dataQuery('anomaly', { expr: 'up' }, { fromMs: now - 3_600_000, toMs: now })
    );
    expect(r).toMatchObject({ status: 502, errorSource: 'downstream' });
    const proxyDown = `cannot connect to the proxy http://127.0.0.1:${port} (from HTTPS_PROXY) (connection refused); ${url} was not contacted`;
    expect('error' in r && r.error).toContain(proxyDown);
    const health = await ds.checkHealth(requestContext(settings));
    expect(health).toMatchObject({ status: 'ERROR', details: { failure: 'unreachable' } });
    expect(health.message).toContain(proxyDown);
    for (const text of [JSON.stringify(r), JSON.stringify(health)]) {
      expect(text).not.toContain('proxypass99');
      expect(text).not.toContain('puser');
    }
  });
});

describe('upstream requests through a real loopback proxy', () => {
  let proxy: ForwardProxy;
  let upstream: ScriptedUpstream;
  let target: string;
  const saved = { ...process.env };
  const now = Date.now();
  const query = dataQuery('anomaly', { expr: 'up' }, { fromMs: now - 3_600_000, toMs: now });
  const ds = createDatasource();
  const settings = (url: string) =>
    instanceSettings(url, { jsonData: { timeoutSeconds: 5 }, decryptedSecureJsonData: { bearerToken: 'tok-proxy-1' } });

  beforeAll(async () => {
    [proxy, upstream] = await Promise.all([startForwardProxy(), startUpstream(emptyAnswer), ensureBuilt()]);
    target = `http://prom.${PROXY_ONLY_DOMAIN}:${upstream.port}`;
  }, 180_000);

  afterEach(() => {
    for (const key of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    proxy.seen.length = 0;
  });

  afterAll(async () => {
    await Promise.all([proxy?.close(), upstream?.close()]);
  });

  it('without a proxy the upstream name does not resolve', async () => {
    const r = await ds.queryData(requestContext(settings(target)), query);
    expect(r).toMatchObject({ status: 502, errorSource: 'downstream' });
  });

  it('sends requests through HTTP_PROXY as absolute-form requests, with the datasource headers', async () => {
    process.env.HTTP_PROXY = proxy.url;
    const r = await ds.queryData(requestContext(settings(target)), query);
    expect(r).toEqual({ frames: [], status: 200 });
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]).toMatchObject({ method: 'GET' });
    expect(proxy.seen[0]?.target).toMatch(new RegExp(`^${target}/api/v1/query_range\\?query=up&`));
    expect(upstream.seen.at(-1)?.headers.authorization).toBe('Bearer tok-proxy-1');
  });

  it('authenticates to the proxy with the credentials in its URL (lower-case variable)', async () => {
    const { port } = new URL(proxy.url);
    process.env.http_proxy = `http://egress:pa%20ss@127.0.0.1:${port}`;
    const r = await ds.queryData(requestContext(settings(target)), query);
    expect(r).toMatchObject({ status: 200 });
    expect(proxy.seen[0]?.proxyAuthorization).toBe(`Basic ${Buffer.from('egress:pa ss').toString('base64')}`);
  });

  it('goes direct for NO_PROXY matches and loopback targets', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = `.${PROXY_ONLY_DOMAIN}`;
    const direct = await ds.queryData(requestContext(settings(target)), query);
    expect(direct).toMatchObject({ status: 502 });
    delete process.env.NO_PROXY;
    const loopback = await ds.queryData(requestContext(settings(upstream.url)), query);
    expect(loopback).toMatchObject({ status: 200 });
    expect(proxy.seen).toEqual([]);
  });

  it('the executable honours HTTP_PROXY from the environment Grafana launches it with', async () => {
    const plugin = await launchPlugin({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.org' } });
    try {
      const res = await plugin.queryData(
        [{ refId: 'A', queryType: 'anomaly', json: { expr: 'up' }, timeRange: { fromMs: now - 3_600_000, toMs: now } }],
        { settings: { url: target, jsonData: { timeoutSeconds: 5 } } }
      );
      expect(res.A).toMatchObject({ status: 200, error: '' });
      expect(proxy.seen.map((s) => s.target)).toEqual([expect.stringMatching(new RegExp(`^${target}/api/v1/`))]);
    } finally {
      await plugin.shutdown();
    }
  });
});
