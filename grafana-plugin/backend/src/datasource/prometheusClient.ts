import { UpstreamError } from './errors.ts';
import { type JsonBody, readBody, wholeJsonBody } from './jsonBody.ts';
import { matrixBody } from './matrixBody.ts';
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
  queryInstant(expr: string, timeMs: number, signal?: AbortSignal): Promise<InstantSample[]>;
  labelValues(label: string, matchers: readonly string[], signal?: AbortSignal): Promise<string[]>;
}

const MAX_ERROR_BODY = 300;

/** Seconds with millisecond precision, as the API expects. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function describe(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_ERROR_BODY ? `${flat.slice(0, MAX_ERROR_BODY)}…` : flat;
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

/** The system error code behind a fetch failure (duck-typed: undici's errors may come from another realm). */
function connectionCause(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

export function createPrometheusClient(settings: DatasourceSettings): PrometheusClient {
  const mask = (text: string) => scrubSecrets(text, settings.secrets);

  /** GET (or form POST for long queries) one API path and return `data` of a successful envelope. */
  async function call(
    path: string,
    params: URLSearchParams,
    signal: AbortSignal | undefined,
    body: JsonBody = wholeJsonBody()
  ): Promise<unknown> {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const query = params.toString();
    // Long PromQL (many matchers) exceeds URL limits of proxies; query and query_range
    // accept a form POST on every supported backend (label values do not).
    const usePost = query.length > 4000 && !path.includes('/label/');
    const url = `${settings.baseUrl}${path}${usePost ? '' : `?${query}`}`;
    const where = `Prometheus ${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: usePost ? 'POST' : 'GET',
        headers: {
          ...settings.headers,
          Accept: 'application/json',
          ...(usePost ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: usePost ? query : undefined,
        signal: combined,
      });
      await readBody(res, body);
    } catch (error) {
      if (timeout.aborted) {
        throw new UpstreamError('timeout', `${where}: no answer within ${settings.timeoutMs / 1000} s (timeout)`);
      }
      if (signal?.aborted) throw new UpstreamError('cancelled', `${where}: request cancelled`);
      const code = connectionCause(error);
      const why = code === 'ECONNREFUSED' ? 'connection refused' : (code ?? 'network error');
      throw new UpstreamError('unreachable', `${where}: cannot reach ${settings.baseUrl} (${why})`);
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
    // Lazily: a successful body can be megabytes.
    const detail = () => mask(apiError ?? describe(body.text()));

    if (res.status === 401 || res.status === 403) {
      throw new UpstreamError(
        'unauthorised',
        `${where}: unauthorised (HTTP ${res.status}); check the datasource credentials${detail() ? `: ${detail()}` : ''}`,
        res.status
      );
    }
    if (res.status >= 400 && res.status < 500) {
      throw new UpstreamError('client', `${where}: HTTP ${res.status}: ${detail()}`, res.status);
    }
    if (res.status >= 500) throw new UpstreamError('server', `${where}: HTTP ${res.status}: ${detail()}`, res.status);
    if (!isRecord(envelope) || envelope.status !== 'success' || !('data' in envelope)) {
      throw new UpstreamError(
        'garbage',
        `${where}: HTTP ${res.status} with a body that is not a Prometheus API response: ${detail() || '(empty)'}`,
        res.status
      );
    }
    return envelope.data;
  }

  function garbage(path: string, what: string): UpstreamError {
    return new UpstreamError('garbage', `Prometheus ${path}: unexpected response shape (${what})`);
  }

  return {
    async queryRange(expr, range, signal) {
      const path = '/api/v1/query_range';
      const params = new URLSearchParams({
        query: expr,
        start: seconds(range.startMs),
        end: seconds(range.endMs),
        step: seconds(range.stepMs),
      });
      // Series are converted while the body streams in (matrixBody.ts); the rest here.
      const body = matrixBody(toRangeSeries);
      const data = await call(path, params, signal, body);
      if (!isRecord(data) || data.resultType !== 'matrix' || !Array.isArray(data.result)) {
        throw garbage(path, 'expected a matrix');
      }
      try {
        return [...body.converted, ...data.result.map(toRangeSeries)];
      } catch {
        throw garbage(path, 'malformed series');
      }
    },

    async queryInstant(expr, timeMs, signal) {
      const path = '/api/v1/query';
      const data = await call(path, new URLSearchParams({ query: expr, time: seconds(timeMs) }), signal);
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
    },

    async labelValues(label, matchers, signal) {
      const path = `/api/v1/label/${encodeURIComponent(label)}/values`;
      const params = new URLSearchParams();
      for (const m of matchers) params.append('match[]', m);
      const data = await call(path, params, signal);
      if (!Array.isArray(data) || !data.every((v) => typeof v === 'string')) throw garbage(path, 'expected strings');
      return data as string[];
    },
  };
}
