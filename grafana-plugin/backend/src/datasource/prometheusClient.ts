import { Coalescer } from './coalesce.ts';
import { acceptEncodingHeader } from './compression.ts';
import { UpstreamError, ValidationError } from './errors.ts';
import { BodyTooLarge, HEAD_CHARS, type JsonBody, wholeJsonBody } from './jsonBody.ts';
import {
  mib,
  NARROW_HINT,
  SCORE_AHEAD_POINTS,
  UPSTREAM_ANSWER_BYTES,
  UPSTREAM_CONCURRENCY,
  UPSTREAM_QUEUE_LENGTH,
  UPSTREAM_QUEUE_WAIT_MS,
} from './limits.ts';
import { type MatrixBody, matrixBody } from './matrixBody.ts';
import { ProxyConfigError, proxyLabel } from './proxyEnv.ts';
import { PointAllowance } from './pointAllowance.ts';
import { UpstreamGate } from './upstreamGate.ts';
import { exchange, RedirectError } from './upstreamHttp.ts';
import { tlsConnection } from './tlsOptions.ts';
import { tlsFailure } from './tlsFailure.ts';
import { parsePromFloat } from './promFloat.ts';
import { scrubSecrets } from '../sdk/scrubSecrets.ts';
import type { DatasourceSettings } from './settings.ts';

/** One series of a range query: timestamps in epoch ms, values parsed (NaN, ±Inf kept). */
export interface RangeSeries {
  labels: Record<string, string>;
  timestampsMs: Float64Array;
  values: Float64Array;
}

/** One sample of an instant vector. */
export interface InstantSample {
  labels: Record<string, string>;
  value: number;
}

export interface RangeParams {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** The read-only Prometheus HTTP API subset Sieve needs; works against Prometheus, Mimir, Thanos, VictoriaMetrics. */
export interface PrometheusClient {
  queryRange(expr: string, range: RangeParams, signal?: AbortSignal): Promise<RangeSeries[]>;
  /**
   * queryRange with `map.each` applied to every series, as soon as the series has arrived while
   * the allowance lasts (pointAllowance.ts), else once the answer is complete: the work overlaps
   * with Prometheus still writing the rest. Identical requests with the same `map.key` share it.
   */
  queryRangeMapped<T>(
    expr: string,
    range: RangeParams,
    signal: AbortSignal | undefined,
    map: SeriesMap<T>
  ): Promise<T[]>;
  queryInstant(expr: string, timeMs: number, signal?: AbortSignal): Promise<InstantSample[]>;
  labelValues(label: string, matchers: readonly string[], signal?: AbortSignal): Promise<string[]>;
}

/** Work done on each series of a range query; `key` names it (same key, same work and result). */
export interface SeriesMap<T> {
  key: string;
  each: (series: RangeSeries) => T;
}

const MAX_ERROR_BODY = 300;

/** Seconds with millisecond precision, as the API expects. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * Upstream text as an error quotes it: secrets masked in the whole text, then whitespace folded and
 * the result cut to MAX_ERROR_BODY. Masking first matters: a secret cut in two no longer matches,
 * and its prefix would be shown. When `text` is itself a cut (the head of a long body), its end may
 * hold such a prefix; whitespace folding and masking shrink the text, so the end is kept out of
 * the quote by dropping as many characters as the longest secret can take in any encoding.
 */
function describe(text: string, mask: (text: string) => string, cut: boolean, secrets: readonly string[]): string {
  // Masked again after folding: a value with a space may have been echoed with a line break.
  const flat = mask(mask(text).replace(/\s+/g, ' ').trim());
  let limit = MAX_ERROR_BODY;
  if (cut) {
    // 6 characters per UTF-8 byte bound every form scrubSecrets masks (`\u00XX` for one byte).
    const longest = Math.max(0, ...secrets.map((s) => new TextEncoder().encode(s).length));
    limit = Math.min(limit, flat.length - 6 * longest);
    if (limit <= 0) return '(a long body, not quoted)';
  }
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isLabels(x: unknown): x is Record<string, string> {
  return isRecord(x) && Object.values(x).every((v) => typeof v === 'string');
}

/** Reads a `[ts, "value"]` pair; throws a plain Error on any other shape (turned into `garbage`). */
function samplePair(pair: unknown): [number, number] {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number' || typeof pair[1] !== 'string') {
    throw new Error('malformed sample');
  }
  return [Math.round(pair[0] * 1000), parsePromFloat(pair[1])];
}

/** One matrix series → typed arrays; throws a plain Error on any other shape (turned into `garbage`). */
function toRangeSeries(item: unknown): RangeSeries {
  if (!isRecord(item) || !isLabels(item.metric) || !Array.isArray(item.values)) throw new Error('bad series');
  // A tight loop into typed arrays: a 100-feature drift panel parses ~300k samples.
  const raw: unknown[] = item.values;
  const n = raw.length;
  const timestampsMs = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pair = raw[i];
    if (!Array.isArray(pair) || typeof pair[0] !== 'number' || typeof pair[1] !== 'string') {
      throw new Error('malformed sample');
    }
    timestampsMs[i] = Math.round(pair[0] * 1000);
    values[i] = parsePromFloat(pair[1]);
  }
  return { labels: item.metric, timestampsMs, values };
}

/** The error code behind a fetch failure: a system code (ECONNREFUSED) or undici's (UND_ERR_…). */
function failureCode(error: unknown): string | undefined {
  // Duck-typed: undici's errors may come from another realm.
  for (let e = error as { code?: unknown; cause?: unknown } | null, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** Failures to open a connection: with a proxy in use, the connection was to the proxy. */
const PROXY_CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** One process-wide bound on upstream requests, shared by every datasource instance. */
const gate = new UpstreamGate({
  concurrency: UPSTREAM_CONCURRENCY,
  maxQueued: UPSTREAM_QUEUE_LENGTH,
  maxWaitMs: UPSTREAM_QUEUE_WAIT_MS,
});
/** Identical in-flight upstream requests (same settings, credentials and parameters) share one answer. */
const inflight = new Coalescer<unknown>();
/** Points scored ahead of the end of their answer, across every datasource instance. */
const ahead = new PointAllowance(SCORE_AHEAD_POINTS);

/** The upstream gate, for tests and metrics. */
export function upstreamLoad(): { active: number; queued: number; distinct: number; pointsAhead: number } {
  return { active: gate.active, queued: gate.queued, distinct: inflight.size, pointsAhead: ahead.inUse };
}

export function createPrometheusClient(settings: DatasourceSettings): PrometheusClient {
  const mask = (text: string) => scrubSecrets(text, settings.secrets);
  // Throws a ValidationError naming the field for unusable PEM, before any request.
  const tls = tlsConnection(settings.tls);
  const identity = JSON.stringify([
    settings.baseUrl,
    settings.headers,
    settings.compression,
    settings.timeoutMs,
    tls.id,
  ]);
  // Not a secret header: a redirect to another origin keeps asking for the same encoding.
  const encoding = acceptEncodingHeader(settings.compression, settings.headers);
  // Custom headers stay with the configured origin, except a custom Accept-Encoding: content
  // negotiation, not a credential, so a redirect keeps it as it keeps the setting's.
  const secretHeaders = Object.keys(settings.headers).filter((name) => name.toLowerCase() !== 'accept-encoding');

  /**
   * GET (or form POST for long queries) one API path and return `read(data)` of a successful
   * envelope; identical requests in flight share it, and range and instant queries wait their
   * turn at the gate (label values are small and health checks must not queue behind panels).
   */
  function call<T>(
    path: string,
    params: URLSearchParams,
    signal: AbortSignal | undefined,
    read: (data: unknown, body: JsonBody) => T,
    makeBody: () => JsonBody = wholeJsonBody,
    bounded = true,
    variant = ''
  ): Promise<T> {
    const query = params.toString();
    const where = `Prometheus ${path}`;
    const once = async (shared: AbortSignal) => {
      const body = makeBody();
      try {
        return await callOnce(path, query, shared, read, body);
      } finally {
        body.close?.();
      }
    };
    const shared = inflight.run(`${identity} ${path}?${query} ${variant}`, signal, (sharedSignal) =>
      bounded ? gate.run(where, sharedSignal, () => once(sharedSignal)) : once(sharedSignal)
    ) as Promise<T>;
    return shared.catch((error: unknown) => {
      // This caller left (Grafana cancelled, or its deadline passed) while others may still wait.
      if (signal?.aborted && !(error instanceof UpstreamError)) {
        throw new UpstreamError('cancelled', `${where}: request cancelled`);
      }
      throw error;
    });
  }

  async function callOnce<T>(
    path: string,
    query: string,
    signal: AbortSignal,
    read: (data: unknown, body: JsonBody) => T,
    body: JsonBody
  ): Promise<T> {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    // Long PromQL (many matchers) exceeds URL limits of proxies; query and query_range
    // accept a form POST on every supported backend (label values do not).
    const usePost = query.length > 4000 && !path.includes('/label/');
    const where = `Prometheus ${path}`;
    let status: number;
    try {
      status = await exchange({
        url: new URL(`${settings.baseUrl}${path}${usePost ? '' : `?${query}`}`),
        method: usePost ? 'POST' : 'GET',
        headers: {
          ...settings.headers,
          ...encoding,
          Accept: 'application/json',
          ...(usePost ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        secretHeaders,
        body: usePost ? query : undefined,
        signal: combined,
        maxBytes: UPSTREAM_ANSWER_BYTES,
        sink: body,
        tls,
      });
    } catch (error) {
      // Building the TLS context on first https use can still find the settings unusable.
      if (error instanceof ValidationError) throw error;
      if (error instanceof BodyTooLarge) {
        throw new UpstreamError(
          'too-large',
          `${where}: the answer is larger than the ${mib(error.limitBytes)} limit per upstream answer; ${NARROW_HINT}`
        );
      }
      const code = failureCode(error);
      if (timeout.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
        throw new UpstreamError('timeout', `${where}: no answer within ${settings.timeoutMs / 1000} s (timeout)`);
      }
      if (signal.aborted) throw new UpstreamError('cancelled', `${where}: request cancelled`);
      if (error instanceof RedirectError) throw new UpstreamError('garbage', mask(`${where}: ${error.message}`));
      if (error instanceof ProxyConfigError) throw new UpstreamError('unreachable', `${where}: ${error.message}`);
      const tlsProblem = tlsFailure(error, settings.tls, settings.baseUrl.startsWith('https:'));
      if (tlsProblem) throw new UpstreamError('tls', mask(`${where}: ${tlsProblem}`));
      const why = code === 'ECONNREFUSED' ? 'connection refused' : (code ?? 'network error');
      // Through a proxy, the only connection this process opens is to the proxy: name it, not Prometheus.
      const proxy = proxyLabel(new URL(settings.baseUrl), process.env);
      if (proxy && code !== undefined && PROXY_CONNECT_CODES.has(code)) {
        throw new UpstreamError(
          'unreachable',
          `${where}: cannot connect to the proxy ${proxy} (${why}); ${settings.baseUrl} was not contacted`
        );
      }
      const via = proxy ? ` through the proxy ${proxy}` : '';
      throw new UpstreamError('unreachable', `${where}: cannot reach ${settings.baseUrl}${via} (${why})`);
    }

    let envelope: unknown;
    try {
      envelope = body.finish();
    } catch {
      envelope = undefined;
    }
    const apiError =
      isRecord(envelope) && typeof envelope.error === 'string'
        ? `${typeof envelope.errorType === 'string' ? `${envelope.errorType}: ` : ''}${envelope.error}`
        : undefined;
    const head = apiError === undefined ? body.head() : undefined;
    const detail = () =>
      describe(apiError ?? head ?? '', mask, head !== undefined && head.length >= HEAD_CHARS, settings.secrets);

    if (status === 401 || status === 403) {
      throw new UpstreamError(
        'unauthorised',
        `${where}: unauthorised (HTTP ${status}); check the datasource credentials${detail() ? `: ${detail()}` : ''}`,
        status
      );
    }
    if (status === 404 && !(isRecord(envelope) && envelope.status === 'error')) {
      // Prometheus answers its API paths; a 404 without its error envelope is another server
      // (a Pushgateway, Alertmanager or exporter URL, or a Mimir URL without its /prometheus prefix).
      throw new UpstreamError(
        'garbage',
        `${where}: HTTP 404 without a Prometheus API error; is the URL that of the Prometheus HTTP API (for Mimir or Cortex, including its /prometheus prefix)? ${detail()}`.trimEnd(),
        status
      );
    }
    if (status >= 400 && status < 500) {
      throw new UpstreamError('client', `${where}: HTTP ${status}: ${detail()}`, status);
    }
    if (status >= 500) throw new UpstreamError('server', `${where}: HTTP ${status}: ${detail()}`, status);
    if (!isRecord(envelope) || envelope.status !== 'success' || !('data' in envelope)) {
      throw new UpstreamError(
        'garbage',
        `${where}: HTTP ${status} with a body that is not a Prometheus API response: ${detail() || '(empty)'}`,
        status
      );
    }
    return read(envelope.data, body);
  }

  function garbage(path: string, what: string): UpstreamError {
    return new UpstreamError('garbage', `Prometheus ${path}: unexpected response shape (${what})`);
  }

  /** A range query, each series mapped by `map` (see queryRangeMapped) or returned as it is. */
  function rangeQuery<T>(
    expr: string,
    range: RangeParams,
    signal: AbortSignal | undefined,
    map: SeriesMap<T> | undefined
  ): Promise<T[]> {
    const path = '/api/v1/query_range';
    const params = new URLSearchParams({
      query: expr,
      start: seconds(range.startMs),
      end: seconds(range.endMs),
      step: seconds(range.stepMs),
    });
    const each = map?.each ?? ((series: RangeSeries) => series as T);
    // Series are converted while the body streams in (matrixBody.ts), and mapped too while the
    // allowance lasts; the points taken are given back when this answer ends, however it ends.
    // A failure of `map.each` is the plugin's own, not a malformed answer: it is rethrown as is.
    type Item = { mapped: T } | { series: RangeSeries };
    type Streamed = MatrixBody<Item> & { mapping: { failure?: { error: unknown } } };
    const makeBody = (): Streamed => {
      let taken = 0;
      const mapping: Streamed['mapping'] = {};
      const parser = matrixBody((raw): Item => {
        const series = toRangeSeries(raw);
        if (map === undefined || mapping.failure || !ahead.take(series.values.length)) return { series };
        taken += series.values.length;
        try {
          return { mapped: map.each(series) };
        } catch (error) {
          mapping.failure = { error };
          return { series };
        }
      });
      // Assigned onto the parser: its `failed` is a getter that a spread would freeze.
      return Object.assign(parser, {
        mapping,
        close() {
          ahead.give(taken);
          taken = 0;
        },
      });
    };
    const read = (data: unknown, body: JsonBody): T[] => {
      const streamed = body as Streamed;
      if (!isRecord(data) || data.resultType !== 'matrix' || !Array.isArray(data.result)) {
        throw garbage(path, 'expected a matrix');
      }
      if (streamed.failed) throw garbage(path, 'malformed series');
      if (streamed.mapping.failure) throw streamed.mapping.failure.error;
      let rest: RangeSeries[];
      try {
        rest = data.result.map(toRangeSeries);
      } catch {
        throw garbage(path, 'malformed series');
      }
      return [
        ...streamed.converted.map((item) => ('mapped' in item ? item.mapped : each(item.series))),
        ...rest.map(each),
      ];
    };
    return call(path, params, signal, read, makeBody, true, map?.key ?? '');
  }

  return {
    queryRange(expr, range, signal) {
      return rangeQuery(expr, range, signal, undefined);
    },

    queryRangeMapped(expr, range, signal, map) {
      return rangeQuery(expr, range, signal, map);
    },

    queryInstant(expr, timeMs, signal) {
      const path = '/api/v1/query';
      const read = (data: unknown): InstantSample[] => {
        if (!isRecord(data) || !Array.isArray(data.result)) throw garbage(path, 'no result');
        if (data.resultType === 'scalar') {
          try {
            return [{ labels: {}, value: samplePair(data.result)[1] }];
          } catch {
            throw garbage(path, 'malformed scalar');
          }
        }
        if (data.resultType !== 'vector') throw garbage(path, `expected a vector, got ${String(data.resultType)}`);
        try {
          return data.result.map((item: unknown) => {
            if (!isRecord(item) || !isLabels(item.metric)) throw new Error('bad sample');
            return { labels: item.metric, value: samplePair(item.value)[1] };
          });
        } catch {
          throw garbage(path, 'malformed sample');
        }
      };
      return call(path, new URLSearchParams({ query: expr, time: seconds(timeMs) }), signal, read);
    },

    labelValues(label, matchers, signal) {
      const path = `/api/v1/label/${encodeURIComponent(label)}/values`;
      const params = new URLSearchParams();
      for (const m of matchers) params.append('match[]', m);
      const read = (data: unknown): string[] => {
        if (!Array.isArray(data) || !data.every((v) => typeof v === 'string')) throw garbage(path, 'expected strings');
        return data as string[];
      };
      return call(path, params, signal, read, wholeJsonBody, false);
    },
  };
}
