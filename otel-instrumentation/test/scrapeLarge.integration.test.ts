import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { freePort, startPrometheus, waitFor, type PrometheusServer } from '@sieve/testkit';
import { METRICS, startSieve, type Sieve } from '../src/index.ts';
import { parseExposition, promtoolCheckMetrics } from './support/exposition.ts';

const FEATURES = 400;

/**
 * A body of 10k+ samples, which the endpoint writes in many slices and chunks: a real Prometheus
 * takes every sample of it, promtool accepts it, and it is byte for byte the OTel exporter's.
 */
describe('a scrape of more than 10k series', () => {
  let sieve: Sieve;
  let otel: MeterProvider;
  let prom: PrometheusServer | undefined;
  let ours = '';
  let otelPort = 0;

  beforeAll(async () => {
    const port = await freePort();
    sieve = startSieve({ serviceName: 'large', prometheus: { host: '127.0.0.1', port }, cardinalityLimit: 5000 });
    await sieve.ready();
    otelPort = await freePort();
    const exporter = new PrometheusExporter({
      host: '127.0.0.1',
      port: otelPort,
      metricProducers: [sieve.createMetricProducer()],
      withoutScopeInfo: true,
      withoutTargetInfo: true,
    });
    otel = new MeterProvider({ readers: [exporter] });
    await exporter.startServer();
    const baseline = Array.from({ length: 500 }, (_, i) => Math.sin(i) * 100);
    for (let i = 0; i < FEATURES; i++) {
      sieve.feature(`feature_${i}`, { baseline }).observeMany(baseline.map((v) => v * 1.1 + i));
    }
    ours = await (await fetch(sieve.metricsUrl as string)).text();
    prom = await startPrometheus({
      scrapeJobs: [{ job: 'large', targets: [`127.0.0.1:${port}`] }],
      scrapeInterval: '1s',
    });
    await prom.waitForTargetsUp();
  });

  afterAll(async () => {
    await prom?.stop();
    await otel.shutdown();
    await sieve.shutdown();
  });

  it('is byte for byte what the OpenTelemetry Prometheus exporter writes', async () => {
    const theirs = await (await fetch(`http://127.0.0.1:${otelPort}/metrics`)).text();
    const withoutTarget = ours.replace(/^# HELP target_info .*\n# TYPE target_info gauge\ntarget_info.*\n/, '');
    expect(withoutTarget).not.toBe(ours);
    expect(withoutTarget).toBe(theirs);
  });

  it('passes promtool check metrics', () => {
    expect(parseExposition(ours).samples.length).toBeGreaterThan(10_000);
    expect(promtoolCheckMetrics(ours)).toEqual({ status: 0, output: '' });
  });

  it('is taken whole by a real Prometheus', async () => {
    const expected = parseExposition(ours).samples.length;
    const scraped = async () => (await prom?.query('scrape_samples_scraped{job="large"}'))?.[0]?.value;
    await waitFor(async () => (await scraped()) === expected, {
      what: `${expected} samples scraped`,
      timeoutMs: 20_000,
    });
    const up = await prom?.query('up{job="large"}');
    expect(up?.[0]?.value).toBe(1);
    const bucket = METRICS.featureValue.prometheus.bucket;
    const buckets = await prom?.query(`count(${bucket})`);
    expect(buckets?.[0]?.value).toBe(parseExposition(ours).samples.filter((s) => s.name === bucket).length);
  });
});
