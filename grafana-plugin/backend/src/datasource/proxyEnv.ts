import { isIP } from 'node:net';

/**
 * Which proxy an upstream request goes through, read from `HTTP_PROXY`, `HTTPS_PROXY` and
 * `NO_PROXY` (upper case first, then lower case) with the rules Go's `http.ProxyFromEnvironment`
 * applies, because Grafana forwards these variables and Go plugins honour them that way:
 *
 * - `http:` URLs use HTTP_PROXY, `https:` URLs use HTTPS_PROXY; a proxy without a scheme is `http://`;
 * - `localhost` and loopback addresses never go through a proxy;
 * - NO_PROXY is a comma-separated list of `*`, IP addresses, CIDR ranges, and host names, each
 *   optionally with `:port`; `example.com` matches it and its subdomains, `.example.com` only
 *   subdomains.
 */
export interface ProxyEnv {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

export function proxyEnvFrom(env: Readonly<Record<string, string | undefined>>): ProxyEnv {
  const pick = (name: string) => env[name.toUpperCase()] || env[name.toLowerCase()] || undefined;
  return { httpProxy: pick('http_proxy'), httpsProxy: pick('https_proxy'), noProxy: pick('no_proxy') };
}

/** The proxy URL for `target` (with an explicit scheme), or undefined for a direct connection. */
export function proxyFor(target: URL, env: ProxyEnv): URL | undefined {
  const raw = target.protocol === 'https:' ? env.httpsProxy : target.protocol === 'http:' ? env.httpProxy : undefined;
  if (!raw) return undefined;
  const host = unbracket(target.hostname.toLowerCase());
  if (host === 'localhost' || isLoopback(host)) return undefined;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (excluded(host, port, env.noProxy ?? '')) return undefined;
  return parseProxyUrl(raw);
}

/**
 * The proxy `target` goes through, as messages name it: scheme, host, port and the variable it
 * came from, never its credentials; undefined for a direct connection (or an unusable setting,
 * which is reported on its own).
 */
export function proxyLabel(target: URL, env: Readonly<Record<string, string | undefined>>): string | undefined {
  let proxy: URL | undefined;
  try {
    proxy = proxyFor(target, proxyEnvFrom(env));
  } catch {
    return undefined;
  }
  if (!proxy) return undefined;
  const port = proxy.port || (proxy.protocol === 'https:' ? '443' : proxy.protocol === 'socks5:' ? '1080' : '80');
  const variable = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  return `${proxy.protocol}//${proxy.hostname}:${port} (from ${variable})`;
}

/** A proxy variable that cannot be used; the message never quotes it (it may carry credentials). */
export class ProxyConfigError extends Error {
  override readonly name = 'ProxyConfigError';
}

/** A proxy setting as a URL; throws ProxyConfigError. */
export function parseProxyUrl(raw: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxyConfigError('the proxy URL in HTTP_PROXY/HTTPS_PROXY is not a valid URL');
  }
  if (!['http:', 'https:', 'socks5:'].includes(url.protocol)) {
    throw new ProxyConfigError(
      `proxy scheme "${url.protocol.replace(':', '')}" in HTTP_PROXY/HTTPS_PROXY is not supported (http, https, socks5)`
    );
  }
  return url;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isLoopback(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host);
  return false;
}

function excluded(host: string, port: string, noProxy: string): boolean {
  for (let entry of noProxy.split(',')) {
    entry = entry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    let entryPort: string | undefined;
    [entry, entryPort] = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (isIP(entry)) {
      if (entry === host) return true;
      continue;
    }
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (entry.startsWith('.')) {
      if (host.endsWith(entry)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return true;
    }
  }
  return false;
}

/** `host`, `host:port`, `[v6]:port` or a bare IPv6 address. */
function splitHostPort(entry: string): [string, string | undefined] {
  if (entry.startsWith('[')) {
    const end = entry.indexOf(']');
    const rest = entry.slice(end + 1);
    return [entry.slice(1, end), rest.startsWith(':') ? rest.slice(1) : undefined];
  }
  if (isIP(entry) === 6) return [entry, undefined];
  const at = entry.lastIndexOf(':');
  return at > 0 && /^\d+$/.test(entry.slice(at + 1)) ? [entry.slice(0, at), entry.slice(at + 1)] : [entry, undefined];
}

function inCidr(host: string, cidr: string): boolean {
  const [net, bitsText] = cidr.split('/') as [string, string];
  const bits = Number(bitsText);
  const family = isIP(host);
  if (family === 0 || family !== isIP(net) || !Number.isInteger(bits)) return false;
  const a = ipBytes(host);
  const b = ipBytes(net);
  if (bits < 0 || bits > a.length * 8) return false;
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8);
    if (((a[i >> 3] as number) & mask) !== ((b[i >> 3] as number) & mask)) return false;
  }
  return true;
}

function ipBytes(ip: string): number[] {
  if (isIP(ip) === 4) return ip.split('.').map(Number);
  // Expand `::` and any embedded IPv4 tail into 16 bytes.
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [p, q, r, s] = (v4[1] as string).split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -(v4[1] as string).length) + `${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}
