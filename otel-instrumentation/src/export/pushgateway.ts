import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { emptyResource } from '@opentelemetry/resources';
import type { SeriesState } from '../store/metricStore.ts';
import { readGroupText } from './groupText.ts';
import { endpointUrl, type HttpEndpoint } from './httpEndpoint.ts';
import type { SieveMetricProducer } from './producer.ts';

/**
 * The Pushgateway path for jobs that exit. One Sieve pushes one group, `job` plus `pipeline` (plus
 * `instance` if set), with PUT, which replaces the whole group: what the Pushgateway holds is
 * always the state after the last finished run, never a mix of runs.
 *
 * Counters continue across runs: a Sieve reads its own group back when its pipeline is created
 * (MetricStore.restore), and again right before every push, which then carries the group plus what
 * this process recorded since its own last push (MetricStore.rebase): `increase()` over two runs
 * counts both, and runs that overlap each add theirs (only pushes within one read-to-PUT interval,
 * milliseconds, can still lose one another's increments; distinct `instance` values avoid that). The alternative, per-run gauges aggregated by the rules, would need rules that
 * differ by export path; this keeps one meaning per name. A killed run pushes nothing; the next run
 * continues from the last completed one. A Pushgateway restart without persistence resets the
 * counters, which Prometheus treats as any counter reset.
 */
export interface PushgatewayGroup {
  readonly job: string;
  readonly pipeline: string;
  readonly instance?: string;
}

/** The group's URL path: `/metrics/job/<job>/pipeline/<p>[/instance/<i>]`, base64 for '/' and empty values. */
export function groupPath(group: PushgatewayGroup): string {
  const parts: Array<[string, string]> = [
    ['job', group.job],
    ['pipeline', group.pipeline],
  ];
  if (group.instance !== undefined) parts.push(['instance', group.instance]);
  return (
    '/metrics' +
    parts
      .map(([k, v]) =>
        v === '' || v.includes('/')
          ? `/${k}@base64/${Buffer.from(v).toString('base64url') || '='}`
          : `/${k}/${encodeURIComponent(v)}`
      )
      .join('')
  );
}

/**
 * Why a request failed, as a message: fetch's own says only "fetch failed"; the cause says what
 * (ECONNREFUSED …). A timeout names the option that sets it.
 */
function reason(error: unknown, endpoint: HttpEndpoint): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  // By name: fetch's DOMException may come from another realm (a vm context), where instanceof fails.
  if (typeof cause === 'object' && cause !== null && (cause as { name?: unknown }).name === 'TimeoutError') {
    return `no complete answer within ${endpoint.timeoutMs} ms (${endpoint.timeoutOption})`;
  }
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * One request to the Pushgateway, its response read by `read`, all of it within the endpoint's
 * timeoutMs (no retry: the next run's push is the retry); any failure names the method and the
 * full URL requested (a wrong route prefix shows as such), credentials left to `redact`.
 */
async function request<T>(
  method: 'GET' | 'PUT',
  endpoint: HttpEndpoint,
  path: string,
  init: RequestInit,
  read: (res: Response) => Promise<T>
): Promise<T> {
  const url = endpointUrl(endpoint, path);
  try {
    const res = await fetch(url, { ...init, method, signal: AbortSignal.timeout(endpoint.timeoutMs) });
    if (!res.ok) {
      const body = (await res.text().catch(() => '')).slice(0, 200).trim();
      throw new Error(`HTTP ${res.status}${body === '' ? '' : ` ${body}`}`);
    }
    return await read(res);
  } catch (error) {
    throw new Error(`${method} ${url}: ${reason(error, endpoint)}`, { cause: error });
  }
}

/** Reads the group back (its catalog series; none when the group does not exist). */
export async function fetchGroup(endpoint: HttpEndpoint, group: PushgatewayGroup): Promise<SeriesState[]> {
  // The text, streamed and filtered (groupText.ts): the Pushgateway has no per-group read.
  return request('GET', endpoint, '/metrics', { headers: endpoint.headers }, (res) => readGroupText(res.body, group));
}

/** Serialises every Sieve series in the text format (no timestamps: the Pushgateway rejects them). */
export async function exposition(producer: SieveMetricProducer): Promise<string> {
  const { resourceMetrics } = await producer.collect();
  const serializer = new PrometheusSerializer('', false, undefined, true, true);
  return serializer.serialize({ ...resourceMetrics, resource: emptyResource() });
}

/** PUTs the text to the group, replacing it. */
export async function putGroup(endpoint: HttpEndpoint, group: PushgatewayGroup, text: string): Promise<void> {
  const headers = { ...endpoint.headers, 'content-type': 'text/plain; version=0.0.4' };
  await request('PUT', endpoint, groupPath(group), { headers, body: text }, (res) => res.text().then(() => undefined));
}
