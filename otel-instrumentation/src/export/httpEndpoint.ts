/**
 * Where Sieve pushes (a Pushgateway, an OTLP receiver): an http(s) URL plus request headers. Basic
 * auth is the usual way to protect a Pushgateway, and fetch refuses a URL with credentials in it,
 * so `http://user:pw@host` is taken apart here: the userinfo becomes an `Authorization: Basic`
 * header and the URL that is used (and may appear in messages) carries none. Every message about a
 * push goes through `redact`, so that no credential reaches stderr or a rejection.
 */
export interface HttpEndpoint {
  /** The URL without userinfo. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** What must never appear in a message: the password, the encoded credentials, every header value. */
  readonly secrets: readonly string[];
  /** How long one request may take, its body included (the option's name is in a timeout's message). */
  readonly timeoutMs: number;
  /** The option that sets timeoutMs, e.g. `pushgateway.timeoutMs`. */
  readonly timeoutOption: string;
}

/** The default of `pushgateway.timeoutMs` (and the OTLP exporter's own default, which `otlp.timeoutMs` overrides). */
export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;

export const isHttpUrl = (value: string): boolean => {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
};

/** `scheme://user:pw@` in any URL of a text becomes `scheme://***@`. */
export function redactUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1***@');
}

/** The longest part of a refused URL that a setup error quotes. */
const MAX_SHOWN_URL_LENGTH = 80;

/**
 * A URL that failed validation, as a setup error may show it. It did not parse, so where its
 * userinfo ends is a guess (a password may hold an unencoded `/` or `@`): everything up to the
 * last `@` is replaced, after the scheme if there is one, and only then is the text cut.
 */
export function redactRefusedUrl(value: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
  const at = value.lastIndexOf('@');
  const shown = at >= scheme.length ? `${scheme}***${value.slice(at)}` : value;
  return shown.length > MAX_SHOWN_URL_LENGTH ? `${shown.slice(0, MAX_SHOWN_URL_LENGTH)}…` : shown;
}

/** Secrets shorter than this are not searched for (a one-letter user name would mask every 'a'). */
const MIN_SECRET_LENGTH = 4;

/** `text` with userinfo and every secret of `endpoint` replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = redactUserinfo(text);
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) out = out.split(s).join('***');
  return out;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * `path` (absolute, e.g. `/api/v1/metrics`) under the endpoint's URL, keeping its path: a
 * Pushgateway run with `--web.route-prefix=/pg`, or behind an ingress at `/pushgateway`, serves
 * everything below that path, which `new URL('/api/v1/metrics', url)` would drop.
 */
export function endpointUrl(endpoint: HttpEndpoint, path: string): string {
  const u = new URL(endpoint.url);
  u.pathname = u.pathname.replace(/\/+$/, '') + path;
  u.hash = '';
  return u.href;
}

/** Takes the userinfo out of `url` (validated http(s) by the options schema) into an Authorization header. */
export function httpEndpoint(
  url: string,
  headers: Readonly<Record<string, string>> = {},
  timeout: { ms?: number | undefined; option: string } = { option: 'timeoutMs' }
): HttpEndpoint {
  const u = new URL(url);
  const out: Record<string, string> = { ...headers };
  const secrets = Object.values(headers).flatMap((v) => [v, ...v.split(/\s+/).slice(1)]);
  if (u.username !== '' || u.password !== '') {
    const user = decode(u.username);
    const password = decode(u.password);
    const basic = Buffer.from(`${user}:${password}`).toString('base64');
    out.authorization = `Basic ${basic}`;
    secrets.push(password, u.password, basic);
    u.username = '';
    u.password = '';
  }
  return {
    url: u.href,
    headers: out,
    secrets: [...new Set(secrets)].filter((s) => s !== ''),
    timeoutMs: timeout.ms ?? DEFAULT_PUSH_TIMEOUT_MS,
    timeoutOption: timeout.option,
  };
}
