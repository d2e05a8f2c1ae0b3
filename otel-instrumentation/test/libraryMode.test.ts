import { diag, DiagLogLevel } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { freePort } from '@sieve/testkit';
import { METRICS, startSieve, type ModelHandle, type PipelineHandle, type Sieve } from '../src/index.ts';
import { stderrOf } from './support/stderr.ts';

/** Everything the OTel API's diag logger reports at warn and above (duplicate registrations are errors). */
const diagnostics: string[] = [];
diag.setLogger(
  {
    error: (...a: unknown[]) => diagnostics.push(a.map(String).join(' ')),
    warn: (...a: unknown[]) => diagnostics.push(a.map(String).join(' ')),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  },
  DiagLogLevel.WARN
);

const handles = new WeakMap<Sieve, { model: ModelHandle; pipeline: PipelineHandle }>();

/** `n` latencies and one run with `n` rows; each Sieve's handles are made once. */
function record(sieve: Sieve, n: number): Promise<void> {
  let h = handles.get(sieve);
  if (!h)
    handles.set(sieve, (h = { model: sieve.model('ranker', { version: '2' }), pipeline: sieve.pipeline('hourly') }));
  for (let i = 0; i < n; i++) h.model.recordLatency(0.01 * (i + 1));
  return h.pipeline.run((run) => run.rowsRead(n));
}

const metric = (batch: MetricData[], name: string) => batch.find((m) => m.descriptor.name === name);
const latencyCount = (m: MetricData | undefined) => (m?.dataPoints[0]?.value as Histogram | undefined)?.count;

describe("inside the application's own NodeSDK", () => {
  let sdk: NodeSDK;
  let exporter: InMemoryMetricExporter;
  let reader: PeriodicExportingMetricReader;
  let sieve: Sieve;

  beforeAll(() => {
    sieve = startSieve({ serviceName: 'api', prometheus: false, metricProducerTemporality: 'delta' });
    exporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
    reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: 3_600_000,
      metricProducers: [sieve.metricProducer],
    });
    sdk = new NodeSDK({ serviceName: 'api', metricReaders: [reader], instrumentations: [] });
    sdk.start();
  });
  afterAll(() => sdk.shutdown());

  it("delivers every Sieve metric, histograms included, through the app's reader in delta", async () => {
    await record(sieve, 3);
    await reader.forceFlush();
    const first = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    const latency = metric(first, METRICS.modelPredictionDuration.name);
    expect(latency?.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(latency?.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(latencyCount(latency)).toBe(3);
    expect(metric(first, METRICS.pipelineRuns.name)?.aggregationTemporality).toBe(AggregationTemporality.DELTA);

    exporter.reset();
    sieve.model('ranker2').recordLatency(0.5); // another series; ranker's own gets nothing new
    await reader.forceFlush();
    const second = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    expect(latencyCount(metric(second, METRICS.modelPredictionDuration.name))).toBe(0);
  });

  it('starts no second SDK: no duplicate registration, also when a default Sieve starts beside it', async () => {
    const other = startSieve({ serviceName: 'api', prometheus: { host: '127.0.0.1', port: await freePort() } });
    await other.ready();
    await other.shutdown();
    expect(diagnostics.filter((d) => /duplicate registration/i.test(d))).toEqual([]);
  });
});

describe("the application's own MeterProvider", () => {
  it('gets histograms through its reader with the producer, cumulative by default', async () => {
    const sieve = startSieve({ serviceName: 'api', prometheus: false });
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: 3_600_000,
      metricProducers: [sieve.metricProducer],
    });
    const provider = new MeterProvider({ readers: [reader] });
    await record(sieve, 2);
    await reader.forceFlush();
    await record(sieve, 0);
    await reader.forceFlush();
    const last = (exporter.getMetrics().at(-1)?.scopeMetrics ?? []).flatMap((s) => s.metrics);
    const latency = metric(last, METRICS.modelPredictionDuration.name);
    expect([latency?.aggregationTemporality, latencyCount(latency)]).toEqual([AggregationTemporality.CUMULATIVE, 2]);
    await provider.shutdown();
  });

  it('says once on stderr that histograms cannot arrive without the producer', async () => {
    const provider = new MeterProvider();
    const text = await stderrOf(() => {
      startSieve({ serviceName: 'a', meterProvider: provider });
      startSieve({ serviceName: 'b', meterProvider: provider });
    });
    expect(text.match(/no histograms/g)).toHaveLength(1);
    await provider.shutdown();
  });

  it('says once on stderr when no reader ever collects the producer', async () => {
    const text = await stderrOf(async () => {
      const sieve = startSieve({ serviceName: 'api', prometheus: false, uncollectedWarningMs: 50 });
      await record(sieve, 1);
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(text).toMatch(/no reader has collected Sieve's metrics.*metricProducers: \[sieve\.metricProducer\]/);
  });
});
