import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@sieve/testkit';
import { METRICS, startSieve, type MetricDefinition } from '../src/index.ts';
import { exerciseAll } from './support/exerciseAll.ts';
import { parseExposition } from './support/exposition.ts';
import {
  otlpFamilyName,
  otlpSeriesNames,
  translateOtlpJson,
  type TranslatedMetric,
} from './support/otlpToPrometheus.ts';

const defs: MetricDefinition[] = Object.values(METRICS);

/** The catalog's series names of one metric: the family, or a histogram's bucket, sum and count. */
const catalogSeries = (d: MetricDefinition): string[] =>
  d.type === 'histogram' ? [d.prometheus.bucket, d.prometheus.sum, d.prometheus.count] : [d.prometheus.name];

describe('the OTLP-to-Prometheus translation used below', () => {
  // Examples from the spec and the Collector's translator documentation.
  it.each([
    ['system.filesystem.usage', 'By', 'gauge', 'system_filesystem_usage_bytes'],
    ['system.network.dropped', '{packets}', 'monotonicSum', 'system_network_dropped_total'],
    ['system.network.dropped', 'packets', 'gauge', 'system_network_dropped_packets'],
    ['http.server.duration', 's', 'histogram', 'http_server_duration_seconds'],
    ['system.memory.utilization', '1', 'gauge', 'system_memory_utilization_ratio'],
    ['requests.count', '1', 'monotonicSum', 'requests_count_total'],
    ['(lambda).function.executions(#)', '', 'gauge', 'lambda_function_executions'],
    ['net.io', 'By/s', 'gauge', 'net_io_bytes_per_second'],
    ['job.duration_seconds', 's', 'histogram', 'job_duration_seconds'],
    ['hits.total.count', '', 'monotonicSum', 'hits_count_total'],
  ] as const)('%s [%s] as %s → %s', (name, unit, kind, expected) => {
    expect(otlpFamilyName(name, unit, kind)).toBe(expected);
  });
});

/**
 * One Sieve pushes OTLP to a receiver and serves a Prometheus endpoint at once; every catalog metric
 * must get the catalog's Prometheus name from both: scraped as is, and translated from the real
 * OTLP/JSON payload the OTLP exporter sent.
 */
describe('one name on every export path', () => {
  let scraped: ReturnType<typeof parseExposition>;
  let translated: TranslatedMetric[];
  let literal: TranslatedMetric[];

  beforeAll(async () => {
    const bodies: string[] = [];
    const receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    }).listen(0, '127.0.0.1');
    await new Promise((r) => receiver.once('listening', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/metrics`;
    const sieve = startSieve({
      serviceName: 'names',
      prometheus: { host: '127.0.0.1', port: await freePort() },
      otlp: { url, intervalMs: 60_000 },
      cardinalityLimit: 20,
    });
    try {
      await sieve.ready();
      await exerciseAll(sieve, 30);
      scraped = parseExposition(await (await fetch(sieve.metricsUrl as string)).text());
    } finally {
      await sieve.shutdown(); // flushes the OTLP reader: the last body holds every metric
      receiver.close();
    }
    const last = bodies.at(-1) as string;
    translated = translateOtlpJson(last);
    literal = translateOtlpJson(last, { ratioOnEveryType: true });
  });

  it.each(defs.map((d) => [d.prometheus.name, d] as const))('%s: scraped from the Prometheus exporter', (_n, d) => {
    expect(scraped.types.get(d.prometheus.name)).toBe(d.type);
    for (const series of catalogSeries(d)) expect(scraped.samples.some((s) => s.name === series)).toBe(true);
  });

  it.each(defs.map((d) => [d.prometheus.name, d] as const))('%s: translated from the OTLP payload', (_n, d) => {
    for (const run of [translated, literal]) {
      const m = run.find((t) => t.otelName === d.name);
      expect(m).toBeDefined();
      const t = m as TranslatedMetric;
      expect(t.unit).toBe(d.unit);
      expect(t.family).toBe(d.prometheus.name);
      expect(otlpSeriesNames(t.family, t.kind)).toEqual(catalogSeries(d));
    }
  });

  it('carries no metric the catalog does not know on either path', () => {
    const known = new Set(defs.map((d) => d.prometheus.name));
    for (const t of translated) expect(known).toContain(t.family);
    for (const family of scraped.types.keys()) if (family !== 'target_info') expect(known).toContain(family);
  });
});
