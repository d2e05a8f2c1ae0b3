import { parsePrometheusDuration } from '@sieve/otel-instrumentation/catalog';
import { z } from 'zod';
import type { InstanceSettings } from '../sdk/index.ts';
import { maskableSecrets } from '../sdk/scrubSecrets.ts';
import { type Compression, COMPRESSIONS, DEFAULT_COMPRESSION } from './compression.ts';
import { ValidationError } from './errors.ts';

/**
 * The datasource settings Sieve reads from Grafana's DataSourceInstanceSettings.
 *
 * - `url`: the Prometheus-compatible HTTP API root. Prometheus (`http://prom:9090`), Mimir
 *   (`http://mimir/prometheus`), Thanos Query and VictoriaMetrics (`http://vm:8428`) all work:
 *   `/api/v1/...` is appended to whatever path the URL has.
 * - Basic auth: `basicAuthEnabled` + `basicAuthUser` + secure `basicAuthPassword`.
 * - Bearer token: secure `bearerToken` (sent as `Authorization: Bearer <token>`), e.g. a Grafana
 *   Cloud or Mimir gateway token. Basic auth and a bearer token are mutually exclusive.
 * - Custom headers: `jsonData.httpHeaderName<N>` + secure `httpHeaderValue<N>` (N = 1, 2, ...),
 *   Grafana's own convention, e.g. `X-Scope-OrgID` for a Mimir tenant.
 * - `jsonData.timeoutSeconds`: per upstream request, default 30.
 * - `jsonData.timeInterval`: the Prometheus scrape interval (a Prometheus duration, default 15s),
 *   the same key and meaning as in Grafana's Prometheus datasource: the smallest step, and the
 *   scrape interval in `$__rate_interval` (intervalVariables.ts).
 * - `jsonData.compression`: `gzip` (default) or `none` (`Accept-Encoding: identity`, for a
 *   Prometheus on the same host or network); compression.ts.
 * - TLS to an `https://` URL, with the keys and meaning of Grafana's HTTP settings
 *   (grafana-plugin-sdk-go `backend/http_settings.go`, `httpclient.GetTLSConfig`):
 *   `jsonData.tlsSkipVerify`; `jsonData.tlsAuthWithCACert` + secure `tlsCACert` (then only that CA
 *   is trusted); `jsonData.tlsAuth` + secure `tlsClientCert` + `tlsClientKey` (client certificate);
 *   `jsonData.serverName` (SNI and the name checked), read only with tlsAuth or tlsAuthWithCACert,
 *   as the SDK does. The PEM contents are checked in the backend (tlsOptions.ts): this file also
 *   runs in the browser, where stored secrets are placeholders.
 */
export interface DatasourceSettings {
  /** API root without a trailing slash and without credentials. */
  readonly baseUrl: string;
  /** Headers sent with every upstream request, auth included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** How often Prometheus scrapes the series queried (`jsonData.timeInterval`). */
  readonly scrapeIntervalMs: number;
  /** Whether Prometheus is asked to gzip its answers (`jsonData.compression`). */
  readonly compression: Compression;
  /** How to set up TLS for an `https://` URL. */
  readonly tls: TlsSettings;
  /** Every secret value (and derived credential); masked in all messages. */
  readonly secrets: readonly string[];
}

/** The TLS settings as configured; PEM texts are unparsed here (tlsOptions.ts turns them into a context). */
export interface TlsSettings {
  /** Accept any server certificate (`jsonData.tlsSkipVerify`). */
  readonly skipVerify: boolean;
  /** PEM CA certificate(s) trusted instead of the host's (`secureJsonData.tlsCACert`). */
  readonly caCert?: string;
  /** PEM client certificate (chain) and its private key (`secureJsonData.tlsClientCert`, `tlsClientKey`). */
  readonly clientCert?: string;
  readonly clientKey?: string;
  /** Server name for SNI and for checking the certificate (`jsonData.serverName`). */
  readonly serverName?: string;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const MAX_TIMEOUT_SECONDS = 600;
/** Grafana's Prometheus datasource assumes this scrape interval when `timeInterval` is not set. */
export const DEFAULT_SCRAPE_INTERVAL = '15s';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const jsonDataSchema = z
  .looseObject({
    timeoutSeconds: z.coerce
      .number({ error: 'expected a number of seconds' })
      .positive({ error: 'must be positive' })
      .max(MAX_TIMEOUT_SECONDS, { error: `must be at most ${MAX_TIMEOUT_SECONDS}` })
      .optional(),
    // Empty is "not set", as Grafana stores a cleared field.
    timeInterval: z
      .string({ error: 'expected a Prometheus duration such as 15s or 1m' })
      .trim()
      .refine((text) => text === '' || (parsePrometheusDuration(text) ?? 0) > 0, {
        error: 'not a positive Prometheus duration (e.g. 15s, 1m, 1m30s)',
      })
      .optional(),
    compression: z
      .enum(COMPRESSIONS, { error: `expected ${COMPRESSIONS.map((c) => `"${c}"`).join(' or ')}` })
      .optional(),
    tlsSkipVerify: z.boolean({ error: 'expected true or false' }).optional(),
    tlsAuthWithCACert: z.boolean({ error: 'expected true or false' }).optional(),
    tlsAuth: z.boolean({ error: 'expected true or false' }).optional(),
    serverName: z
      .string({ error: 'expected a host name' })
      .trim()
      .refine((name) => name === '' || /^[A-Za-z0-9.-]+$/.test(name), { error: 'not a host name (e.g. prom.internal)' })
      .optional(),
  })
  .catchall(z.unknown());

function fail(field: string, message: string): never {
  throw new ValidationError(`datasource settings: field "${field}": ${message}`);
}

function parseUrl(raw: string): { baseUrl: string; userinfo?: { user: string; password: string } } {
  if (raw.trim() === '') fail('url', 'the Prometheus URL is empty; set it in the datasource settings');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    fail('url', 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('url', 'must start with http:// or https://');
  if (url.search || url.hash) fail('url', 'must not have a query string or fragment');
  const userinfo = url.username
    ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  url.username = '';
  url.password = '';
  return { baseUrl: url.toString().replace(/\/+$/, ''), userinfo };
}

/** Base64 of the UTF-8 bytes, without Node's Buffer: the frontend runs parseSettings in the browser. */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Validates the instance settings; throws a ValidationError that names the field (and never a secret). */
export function parseSettings(settings: InstanceSettings | undefined): DatasourceSettings {
  if (!settings) fail('instanceSettings', 'missing: the request carries no datasource settings');
  const parsed = jsonDataSchema.safeParse(settings.jsonData ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `jsonData.${issue.path.join('.')}` : 'jsonData';
    fail(path, issue?.message ?? 'invalid');
  }
  const jsonData = parsed.data;
  const secure = settings.decryptedSecureJsonData ?? {};
  const secrets: string[] = [];
  const headers: Record<string, string> = {};

  // Custom headers first, so that configured auth wins over a stray Authorization header.
  for (let n = 1; ; n++) {
    const name = jsonData[`httpHeaderName${n}`];
    if (name === undefined) break;
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      fail(`jsonData.httpHeaderName${n}`, 'not a valid HTTP header name');
    }
    const value = secure[`httpHeaderValue${n}`] ?? '';
    if (/[\r\n]/.test(value)) fail(`secureJsonData.httpHeaderValue${n}`, 'must not contain line breaks');
    headers[name] = value;
    secrets.push(value);
  }

  const { baseUrl, userinfo } = parseUrl(settings.url ?? '');
  const bearer = secure.bearerToken ?? '';
  const basic = settings.basicAuthEnabled
    ? { user: settings.basicAuthUser ?? '', password: secure.basicAuthPassword ?? '' }
    : userinfo;
  if (basic && bearer) fail('secureJsonData.bearerToken', 'configure either basic auth or a bearer token, not both');
  if (basic) {
    if (basic.user === '') fail('basicAuthUser', 'basic auth is enabled but the user is empty');
    const token = base64Utf8(`${basic.user}:${basic.password}`);
    headers.Authorization = `Basic ${token}`;
    secrets.push(basic.password, token);
  } else if (bearer) {
    if (/[\r\n]/.test(bearer)) fail('secureJsonData.bearerToken', 'must not contain line breaks');
    headers.Authorization = `Bearer ${bearer}`;
    secrets.push(bearer);
  }

  const tls = tlsSettings(jsonData, secure);
  // The CA is not secret, but it is configuration nobody expects to see echoed.
  if (tls.clientKey) secrets.push(tls.clientKey);
  if (tls.caCert) secrets.push(tls.caCert);

  const timeoutSeconds = jsonData.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const scrapeIntervalMs = parsePrometheusDuration(jsonData.timeInterval || DEFAULT_SCRAPE_INTERVAL) as number;
  return {
    baseUrl,
    headers,
    timeoutMs: timeoutSeconds * 1000,
    scrapeIntervalMs,
    compression: jsonData.compression ?? DEFAULT_COMPRESSION,
    tls,
    secrets: maskableSecrets(secrets, baseUrl),
  };
}

/**
 * The TLS part. Unlike the SDK, which silently skips a client certificate without its key and trusts
 * the host's CAs when tlsAuthWithCACert has no certificate, a switch without its PEM is an error
 * naming the missing field: the user meant something the plugin cannot do.
 */
function tlsSettings(jsonData: z.output<typeof jsonDataSchema>, secure: Readonly<Record<string, string>>): TlsSettings {
  const pem = (key: 'tlsCACert' | 'tlsClientCert' | 'tlsClientKey') => {
    const value = (secure[key] ?? '').trim();
    return value === '' ? undefined : value;
  };
  let tls: TlsSettings = { skipVerify: jsonData.tlsSkipVerify ?? false };
  if (jsonData.tlsAuthWithCACert) {
    const caCert = pem('tlsCACert');
    if (!caCert) fail('secureJsonData.tlsCACert', 'tlsAuthWithCACert is on but no CA certificate (PEM) is set');
    tls = { ...tls, caCert };
  }
  if (jsonData.tlsAuth) {
    const clientCert = pem('tlsClientCert');
    const clientKey = pem('tlsClientKey');
    if (!clientCert) fail('secureJsonData.tlsClientCert', 'tlsAuth is on but no client certificate (PEM) is set');
    if (!clientKey) fail('secureJsonData.tlsClientKey', 'tlsAuth is on but no client key (PEM) is set');
    tls = { ...tls, clientCert, clientKey };
  }
  if ((jsonData.tlsAuth || jsonData.tlsAuthWithCACert) && jsonData.serverName) {
    tls = { ...tls, serverName: jsonData.serverName };
  }
  return tls;
}
