import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { listenLoopback } from '@sieve/testkit';
import { startSieve } from '../src/index.ts';
import { httpEndpoint, redact } from '../src/export/httpEndpoint.ts';
import { stderrOf } from './support/stderr.ts';

/**
 * Where Sieve pushes (Pushgateway, OTLP): the URL is checked at setup, credentials in it become an
 * Authorization header, and no message ever shows them. The real Pushgateway behind basic auth is
 * in pushgatewayShared.integration.test.ts.
 */

describe('push URLs are checked at setup', () => {
  const cases: Array<[string, object, RegExp]> = [
    [
      'scheme forgotten',
      { pushgateway: { url: 'pushgateway:9091' } },
      /^startSieve: options\.pushgateway\.url: must be an http\(s\) URL, got "pushgateway:9091"$/,
    ],
    ['ftp', { pushgateway: { url: 'ftp://127.0.0.1:19091' } }, /options\.pushgateway\.url: must be an http\(s\) URL/],
    ['not a URL', { pushgateway: { url: 'localhost 9091' } }, /options\.pushgateway\.url: must be an http\(s\) URL/],
    ['otlp without scheme', { otlp: { url: 'collector:4318' } }, /options\.otlp\.url: must be an http\(s\) URL/],
    ['otlp grpc scheme', { otlp: { url: 'grpc://collector:4317' } }, /options\.otlp\.url: must be an http\(s\) URL/],
    [
      'bad header name',
      { pushgateway: { url: 'http://pg:9091', headers: { 'x y': 'v' } } },
      /options\.pushgateway\.headers\.x y: not a valid header name/,
    ],
    [
      'header value with a newline',
      { otlp: { url: 'http://c:4318/v1/metrics', headers: { authorization: 'Bearer a\nb' } } },
      /options\.otlp\.headers\.authorization: a header value cannot hold CR, LF or NUL/,
    ],
    [
      'credentials twice',
      { pushgateway: { url: 'http://u:p@pg:9091', headers: { Authorization: 'Bearer t' } } },
      /options\.pushgateway\.headers: credentials in the url and an authorization header/,
    ],
  ];
  it.each(cases)('%s', (_what, target, message) => {
    expect(() => startSieve({ serviceName: 'job', prometheus: false, ...target })).toThrow(message);
  });

  it('never shows the password of a refused URL', () => {
    let message = '';
    try {
      startSieve({ serviceName: 'job', pushgateway: { url: 'ftp://admin:hunter2-secret@pg:9091' } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/options\.pushgateway\.url: must be an http\(s\) URL, got "ftp:\/\/\*\*\*@pg:9091"/);
    expect(message).not.toContain('hunter2');
  });

  const longPassword = 'Lg' + 'x7'.repeat(45);
  it.each([
    ['scheme forgotten', 'pguser:S3cretPw@pushgateway:9091', 'S3cretPw', '***@pushgateway:9091'],
    ['an unencoded / in the password', 'http://user:pa/ssW0rdX@host:9091', 'ssW0rdX', 'http://***@host:9091'],
    ['an unencoded @ in the password', 'ftp://user:p@ssW0rdX@host:9091', 'ssW0rdX', 'ftp://***@host:9091'],
    ['a URL longer than the message shows', `htp://user:${longPassword}@host`, 'x7x7', 'htp://***@host'],
    ['otlp', `user:${longPassword}@collector:4318`, 'x7x7', '***@collector:4318'],
  ])('a refused URL, %s: the message shows no part of the password', (what, url, secret, shown) => {
    let message = '';
    const target = what === 'otlp' ? { otlp: { url } } : { pushgateway: { url } };
    try {
      startSieve({ serviceName: 'job', prometheus: false, ...target });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`must be an http(s) URL, got ${JSON.stringify(shown)}`);
    expect(message).not.toContain(secret);
    expect(message).not.toContain('user');
  });

  it('accepts http and https, with or without credentials', () => {
    // Nothing is pushed before a run ends or shutdown(): setup alone sends no request.
    for (const url of ['http://pg:9091', 'https://pg.example.com', 'http://u:p%40ss@[::1]:9091/']) {
      expect(() => startSieve({ serviceName: 'job', pushgateway: { url } })).not.toThrow();
    }
  });
});

describe('httpEndpoint', () => {
  it('moves userinfo into a Basic header, percent-decoded, and lists it as secret', () => {
    const e = httpEndpoint('http://ad%40min:p%40ss%3Aword@127.0.0.1:9091/base');
    expect(e.url).toBe('http://127.0.0.1:9091/base');
    expect(e.headers).toEqual({ authorization: `Basic ${Buffer.from('ad@min:p@ss:word').toString('base64')}` });
    expect(e.secrets).toEqual(expect.arrayContaining(['p@ss:word', 'p%40ss%3Aword']));
  });

  it('keeps given headers and lists their values (and a bearer token alone) as secret', () => {
    const e = httpEndpoint('https://otlp.example.com/v1/metrics', { authorization: 'Bearer tok-123456' });
    expect(e.headers).toEqual({ authorization: 'Bearer tok-123456' });
    expect(redact('rejected token tok-123456 (Bearer tok-123456)', e.secrets)).toBe('rejected token *** (***)');
  });

  it('redacts userinfo from any URL in a text', () => {
    expect(redact('GET http://u:pw@h:1/api failed; see https://x@y/z', [])).toBe(
      'GET http://***@h:1/api failed; see https://***@y/z'
    );
  });
});

describe('credentials never reach a message', () => {
  it('an unreachable Pushgateway with credentials: stderr and the rejection show no password', async () => {
    const password = 'Sup3rSecretPw';
    let rejection = '';
    const stderr = await stderrOf(async () => {
      // Port 1 on loopback: nothing listens, so both the read-back and the push fail.
      const sieve = startSieve({
        serviceName: 'cred-job',
        pushgateway: { url: `http://user:${password}@127.0.0.1:1` },
      });
      await sieve.pipeline('cred').run(() => undefined);
      await sieve.shutdown().catch((e: Error) => (rejection = e.message));
    });
    expect(rejection).not.toBe('');
    expect(stderr).toMatch(/sieve: /);
    for (const text of [stderr, rejection]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(Buffer.from(`user:${password}`).toString('base64'));
      // The old failure: fetch refused the URL with its credentials, and the message repeated it.
      expect(text).not.toContain('includes credentials');
    }
  });

  it('a server that echoes the Authorization header back: the error shows *** instead', async () => {
    const server = createServer((req, res) => {
      res.writeHead(401).end(`bad credentials: ${req.headers.authorization ?? ''}`);
    });
    const port = await listenLoopback(server);
    try {
      let rejection = '';
      const stderr = await stderrOf(async () => {
        const sieve = startSieve({
          serviceName: 'echo-job',
          pushgateway: { url: `http://127.0.0.1:${port}`, headers: { authorization: 'Bearer echo-token-42' } },
        });
        await sieve.pipeline('echo').run(() => undefined);
        await sieve.shutdown().catch((e: Error) => (rejection = e.message));
      });
      expect(rejection).toMatch(/HTTP 401 bad credentials: \*\*\*/);
      expect(stderr + rejection).not.toContain('echo-token-42');
    } finally {
      server.close();
    }
  });
});

describe('OTLP takes the same care', () => {
  let server: Server;
  let port: number;
  const seen: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    port = await listenLoopback(server);
  });
  afterAll(() => server.close());

  it('credentials in the OTLP URL arrive as Basic auth; headers arrive as given', async () => {
    const a = startSieve({
      serviceName: 'otlp-a',
      otlp: { url: `http://otel:s3cret-pw@127.0.0.1:${port}/v1/metrics` },
    });
    await a.pipeline('a').run(() => undefined);
    await a.shutdown();
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('otel:s3cret-pw').toString('base64')}`);

    const b = startSieve({
      serviceName: 'otlp-b',
      otlp: { url: `http://127.0.0.1:${port}/v1/metrics`, headers: { authorization: 'Bearer otlp-tok' } },
    });
    await b.pipeline('b').run(() => undefined);
    await b.shutdown();
    expect(seen.at(-1)?.authorization).toBe('Bearer otlp-tok');
  });
});
