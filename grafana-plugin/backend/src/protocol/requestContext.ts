import type { DataQuery, InstanceSettings, RequestContext, ResourceRequest } from '../sdk/index.ts';
import type { WireCallResourceRequest, WireDataQuery, WirePluginContext } from './messages.ts';
import { maskableSecrets } from '../sdk/scrubSecrets.ts';
import { secretValues } from './redaction.ts';

/** Converts decoded pluginv2 messages into the sdk types the datasource sees (protocol doc §4). */

const utf8 = new TextDecoder('utf-8');

/** JSON bytes are UTF-8 (never ASCII); empty bytes mean "no JSON". */
export function decodeUtf8(bytes: Uint8Array | null | undefined): string {
  return bytes === null || bytes === undefined || bytes.length === 0 ? '' : utf8.decode(bytes);
}

function parseJsonData(bytes: Uint8Array): unknown {
  const text = decodeUtf8(bytes);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Grafana stores jsonData as a JSON object; if it ever is not, the datasource's schema reports it.
    return text;
  }
}

export function toInstanceSettings(context: WirePluginContext | null): InstanceSettings | undefined {
  const ds = context?.dataSourceInstanceSettings;
  if (ds === null || ds === undefined) return undefined;
  return {
    uid: ds.uid,
    name: ds.name,
    url: ds.url,
    basicAuthEnabled: ds.basicAuthEnabled,
    basicAuthUser: ds.basicAuthUser,
    jsonData: parseJsonData(ds.jsonData),
    decryptedSecureJsonData: { ...ds.decryptedSecureJsonData },
    lastUpdatedMs: ds.lastUpdatedMS,
  };
}

/** Header lookup ignoring case: over HTTP `FromAlert` canonicalises to `Fromalert`. */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function toRequestContext(
  context: WirePluginContext | null,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal
): RequestContext {
  const user = context?.user;
  return {
    orgId: context?.orgId ?? 0,
    pluginId: context?.pluginId ?? '',
    user: user === null || user === undefined ? undefined : { ...user },
    instanceSettings: toInstanceSettings(context),
    headers: { ...headers },
    fromAlert: headerValue(headers, 'FromAlert') === 'true',
    signal,
  };
}

/** Every secret a request carries, for scrubbing errors and logs derived from it. */
export function requestSecrets(ctx: RequestContext): string[] {
  const values = secretValues([
    ...Object.values(ctx.instanceSettings?.decryptedSecureJsonData ?? {}),
    headerValue(ctx.headers, 'Authorization'),
    headerValue(ctx.headers, 'http_Authorization'),
    headerValue(ctx.headers, 'X-Id-Token'),
    headerValue(ctx.headers, 'Cookie'),
  ]);
  return maskableSecrets(values, ctx.instanceSettings?.url);
}

export function toDataQuery(query: WireDataQuery): DataQuery {
  return {
    refId: query.refId,
    queryType: query.queryType,
    maxDataPoints: query.maxDataPoints,
    intervalMs: query.intervalMS,
    timeRange: { fromMs: query.timeRange?.fromEpochMS ?? 0, toMs: query.timeRange?.toEpochMS ?? 0 },
    json: decodeUtf8(query.json),
  };
}

export function toResourceRequest(request: WireCallResourceRequest): ResourceRequest {
  const headers: Record<string, readonly string[]> = {};
  for (const [key, list] of Object.entries(request.headers)) headers[key] = [...list.values];
  return {
    path: request.path.replace(/^\/+/, ''),
    method: request.method === '' ? 'GET' : request.method,
    url: request.url,
    headers,
    body: request.body,
  };
}

/** Flattens resource headers to the single-valued map RequestContext carries. */
export function flattenHeaders(headers: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, values] of Object.entries(headers)) out[key] = values.join(', ');
  return out;
}

/**
 * Time kept back before a gRPC deadline: queries still running then are answered with their own
 * 504 while the client still listens, and the finished ones keep their frames. Aborting at the
 * deadline itself would lose the whole answer (the client has gone by then).
 */
export function deadlineMargin(remainingMs: number): number {
  return Math.min(1000, Math.max(100, remainingMs * 0.05));
}

/**
 * An AbortSignal for one gRPC call: aborted when the client cancels, or `deadlineMargin` before
 * the deadline. `dispose` clears the deadline timer once the call has been answered.
 */
export function callSignal(call: {
  on(event: 'cancelled', listener: () => void): unknown;
  getDeadline(): Date | number;
}): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  call.on('cancelled', () => controller.abort(new Error('the gRPC call was cancelled')));
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  let timer: NodeJS.Timeout | undefined;
  if (Number.isFinite(deadlineMs)) {
    const remaining = Math.max(0, deadlineMs - Date.now());
    const margin = deadlineMargin(remaining);
    const reason = `the call's deadline (${Math.round(remaining)} ms) was about to pass`;
    timer = setTimeout(() => controller.abort(new Error(reason)), Math.max(0, remaining - margin));
    timer.unref();
  }
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}
