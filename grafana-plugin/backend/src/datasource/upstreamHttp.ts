import { Agent, type Dispatcher, fetch, Pool, ProxyAgent } from 'undici';
import { BodyTooLarge, type JsonBody, readBody } from './jsonBody.ts';
import { proxyEnvFrom, proxyFor } from './proxyEnv.ts';
import { type TlsConnection, tlsConnection } from './tlsOptions.ts';

/**
 * One HTTP exchange with the upstream, with the rules a Go plugin's HTTP client would follow:
 *
 * - proxies from HTTP_PROXY / HTTPS_PROXY / NO_PROXY (proxyEnv.ts), through an explicit undici
 *   dispatcher, because Node's built-in fetch ignores them and the plugin executable ignores the
 *   host's NODE_* variables;
 * - TLS as the datasource configures it (tlsOptions.ts), through a proxy too (inside the CONNECT
 *   tunnel); an `https://` proxy itself is checked against the host's CAs;
 * - no transport timeouts of its own (undici's default of 300 s would cut a longer datasource
 *   timeout short); the caller's signal carries the datasource timeout and Grafana's deadline;
 * - redirects followed by hand, at most MAX_REDIRECTS: to the same origin with every header, to
 *   another origin without `secretHeaders` (auth, tenant and custom headers never leave the origin
 *   the user configured);
 * - the body streamed into `sink`, at most `maxBytes` bytes (BodyTooLarge past that).
 */
export interface UpstreamExchange {
  url: URL;
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  /** Names of headers that must not follow a redirect to another origin. */
  secretHeaders: readonly string[];
  /** Form body for POST. */
  body?: string;
  signal: AbortSignal;
  maxBytes: number;
  sink: JsonBody;
  /** TLS for `https://` URLs (ignored for `http://`). */
  tls: TlsConnection;
}

export const MAX_REDIRECTS = 5;

/** Thrown for a redirect loop or an unusable Location; the message is safe to show. */
export class RedirectError extends Error {
  override readonly name = 'RedirectError';
}

const dispatchers = new Map<string, Dispatcher>();
const noTimeouts = { headersTimeout: 0, bodyTimeout: 0 } as const;

/** One dispatcher per proxy and TLS setting; edited datasources must not pile up connection pools. */
const MAX_DISPATCHERS = 32;

function dispatcherFor(target: URL, tls: TlsConnection): Dispatcher {
  const proxy = proxyFor(target, proxyEnvFrom(process.env));
  // http:// targets never use the datasource's TLS: they share a dispatcher and load no CAs.
  const https = target.protocol === 'https:';
  const key = `${proxy?.href ?? 'direct'} ${https ? tls.id : 'plain'}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    if (dispatchers.size >= MAX_DISPATCHERS) {
      const [oldestKey, oldest] = dispatchers.entries().next().value as [string, Dispatcher];
      dispatchers.delete(oldestKey);
      // close() lets requests in flight finish.
      void oldest.close().catch(() => undefined);
    }
    dispatcher = proxy
      ? new ProxyAgent({
          uri: proxy.href,
          ...noTimeouts,
          ...(https ? { requestTls: tls.connectOptions() } : {}),
          ...(proxy.protocol === 'https:' ? { proxyTls: tlsConnection({ skipVerify: false }).connectOptions() } : {}),
          // Plain-HTTP targets go to the proxy as absolute-form requests, as Go sends them; many
          // proxies only allow CONNECT to port 443.
          proxyTunnel: false,
          factory: (origin, options) => new Pool(origin, { ...options, ...noTimeouts }),
        })
      : new Agent({ ...noTimeouts, ...(https ? { connect: tls.connectOptions() } : {}) });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/** Runs the exchange; returns the final HTTP status once the whole body has gone into `sink`. */
export async function exchange(request: UpstreamExchange): Promise<number> {
  let { url, method, body } = request;
  let headers = { ...request.headers };
  for (let hop = 0; ; hop++) {
    const res = await fetch(url, {
      method,
      headers,
      body: method === 'POST' ? body : undefined,
      signal: request.signal,
      redirect: 'manual',
      dispatcher: dispatcherFor(url, request.tls),
    });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && res.status !== 304 && location !== null) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new RedirectError(`stopped after ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RedirectError('redirected to an invalid URL');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new RedirectError(`redirected to an unsupported scheme (${next.protocol})`);
      }
      if (next.origin !== url.origin) headers = withoutHeaders(headers, request.secretHeaders);
      // As browsers and Go do: 303, and 301/302 after a POST, continue as GET (the form becomes the query).
      if (method === 'POST' && (res.status === 303 || res.status === 301 || res.status === 302)) {
        if (body) next.search = body;
        [method, body] = ['GET', undefined];
        headers = withoutHeaders(headers, ['Content-Type']);
      }
      url = next;
      continue;
    }
    try {
      await readBody(res.body, request.sink, request.maxBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) await res.body?.cancel().catch(() => undefined);
      throw error;
    }
    return res.status;
  }
}

function withoutHeaders(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop.has(name.toLowerCase())));
}
