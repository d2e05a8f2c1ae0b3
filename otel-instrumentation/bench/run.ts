/**
 * `npm run bench -w otel-instrumentation [-- --json]`: the hot path against a plain binary-search
 * loop measured in the same run, OTel and prom-client per-value recording for reference, and a
 * scrape of 10k series against prom-client (scrapeStall.ts): the event-loop stall and the time.
 */
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { quantileEdges } from '@sieve/scoring';
import { medianMs, reportFigures, type Figure } from '@sieve/testkit';
import client from 'prom-client';
import { LABEL, startSieve } from '../src/index.ts';
import { scrapeStall } from './scrapeStall.ts';

const N = 1_000_000;
const EDGES = 20;
const RUNS = 7;

/** Deterministic, skewed values (no Math.random in the timed loops). */
function makeValues(n: number): Float64Array {
  const out = new Float64Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = Math.exp(((x >>> 0) / 2 ** 32) * 4);
  }
  return out;
}

/** The baseline: binary search over the edges and `counts[i]++`, plus the sum, inline. */
function plainLoop(edges: Float64Array, counts: Float64Array, values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((edges[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]++;
    sum += v;
  }
  return sum;
}

async function hotPath(): Promise<Figure[]> {
  const values = makeValues(N);
  const edgeList = quantileEdges(values, EDGES + 1);
  const edges = Float64Array.from(edgeList);
  const counts = new Float64Array(edges.length + 1);
  const sieve = startSieve({ serviceName: 'bench', prometheus: false });
  const feature = sieve.feature('bench', { baseline: values.subarray(0, 10_000), edges: edgeList });

  // Interleaved, so that drift in CPU frequency or GC hits both alike.
  const plain: number[] = [];
  const many: number[] = [];
  const single: number[] = [];
  for (let r = 0; r < 3; r++) {
    plain.push(medianMs(() => plainLoop(edges, counts, values), RUNS));
    many.push(medianMs(() => feature.observeMany(values), RUNS));
    single.push(
      medianMs(() => {
        for (let i = 0; i < values.length; i++) feature.observe(values[i]);
      }, RUNS)
    );
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;
  const plainMs = med(plain);
  const manyMs = med(many);
  const singleMs = med(single);
  const plainRate = N / (plainMs / 1000);
  const plainNs = (plainMs * 1e6) / N;

  // References: per-value recording through OTel (2 attributes) and prom-client (2 labels).
  const M = 200_000;
  const ref = values.subarray(0, M);
  const provider = new MeterProvider({
    readers: [new PrometheusExporter({ preventServerStart: true })],
    views: [
      {
        instrumentName: 'bench.value',
        aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: edgeList } },
      },
    ],
  });
  const histogram = provider.getMeter('bench').createHistogram('bench.value');
  const attrs = { [LABEL.feature]: 'bench', [LABEL.model]: 'm' };
  const otelMs = medianMs(() => {
    for (let i = 0; i < M; i++) histogram.record(ref[i] as number, attrs);
  }, 5);
  const registry = new client.Registry();
  const promHist = new client.Histogram({
    name: 'bench_value',
    help: 'bench',
    labelNames: [LABEL.feature, LABEL.model],
    buckets: edgeList,
    registers: [registry],
  });
  const promMs = medianMs(() => {
    for (let i = 0; i < M; i++) promHist.observe(attrs, ref[i] as number);
  }, 5);
  await provider.shutdown();

  // Other handles, for scale: a categorical observe (a Map lookup) and a dataset check per record.
  const carriers = Array.from({ length: 50 }, (_, i) => `carrier_${i}`);
  const categorical = sieve.feature('carrier', { kind: 'categorical', baseline: carriers });
  const column = Array.from({ length: M }, (_, i) => carriers[(i * 7) % 60] ?? 'unseen');
  const categoricalMs = medianMs(() => categorical.observeMany(column), 5);
  const dataset = sieve.dataset('flights', { schema: { delay: 'number', distance: 'number', origin: 'string' } });
  const records = Array.from({ length: 100_000 }, (_, i) => ({
    delay: i % 50 === 0 ? null : i % 90,
    distance: i * 3,
    origin: carriers[i % 50],
  }));
  const datasetMs = medianMs(() => dataset.checkRecords(records), 5);

  return [
    { name: 'plain-loop', value: plainRate, unit: 'values/s', ns_per_value: plainNs, edges: EDGES },
    {
      name: 'observeMany',
      value: N / (manyMs / 1000),
      unit: 'values/s',
      baseline: 'plain-loop',
      ratio: plainMs / manyMs, // target ≥ 0.8
    },
    {
      name: 'observe',
      value: (singleMs * 1e6) / N,
      unit: 'ns/value',
      baseline: 'plain-loop',
      ratio: singleMs / plainMs, // target ≤ 3
    },
    {
      name: 'otel-histogram-record',
      value: (otelMs * 1e6) / M,
      unit: 'ns/value',
      baseline: 'plain-loop',
      ratio: (otelMs * 1e6) / M / plainNs,
    },
    {
      name: 'prom-client-observe',
      value: (promMs * 1e6) / M,
      unit: 'ns/value',
      baseline: 'plain-loop',
      ratio: (promMs * 1e6) / M / plainNs,
    },
    { name: 'observeMany-categorical', value: (categoricalMs * 1e6) / M, unit: 'ns/value', categories: 50 },
    { name: 'checkRecords', value: (datasetMs * 1e6) / records.length, unit: 'ns/record', fields: 3 },
  ];
}

// `npm run bench -w otel-instrumentation -- scrape` runs the scrape benchmark alone.
const onlyScrape = process.argv.includes('scrape');
reportFigures([...(onlyScrape ? [] : await hotPath()), ...(await scrapeStall())]);
