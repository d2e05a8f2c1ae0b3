import { binCounts, psi } from '@sieve/scoring';
import { freePort, startPrometheus, waitFor, type PrometheusServer } from '@sieve/testkit';
import { LABEL, METRICS, startSieve, type Sieve } from '../src/index.ts';
import { promtoolCheckMetrics } from './support/exposition.ts';

/**
 * A real Prometheus (Debian's 2.42) scrapes an instrumented process every second; the PromQL an SRE
 * would write for each SLI returns what the instrumented code did.
 */
describe('a real Prometheus scraping an instrumented process', () => {
  let prom: PrometheusServer;
  let sieve: Sieve;
  let expectedPsi = NaN;
  const sel = (labels: Record<string, string>) =>
    `{${Object.entries(labels)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}}`;
  const one = async (expr: string): Promise<number> => {
    const r = await prom.query(expr);
    if (r.length !== 1) throw new Error(`${expr}: ${r.length} samples`);
    return (r[0] as { value: number }).value;
  };

  beforeAll(async () => {
    const port = await freePort();
    sieve = startSieve({ serviceName: 'etl', prometheus: { host: '127.0.0.1', port } });
    await sieve.ready();

    await sieve.pipeline('daily_etl').run((run) => run.rowsRead(1000));

    const d = sieve.dataset('flights', { schema: { delay: 'number', origin: 'string' } });
    d.checkRecords(Array.from({ length: 10 }, (_, i) => ({ delay: i < 2 ? null : i, origin: 'SEA' })));

    const baseline = Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 10);
    const f = sieve.feature('trip_distance', { baseline });
    const current = Float64Array.from(baseline, (v) => v * 0.7 + 2);
    f.observeMany(current);
    const edges = f.binSpec.kind === 'numeric' ? f.binSpec.edges : [];
    expectedPsi = psi(binCounts(edges, baseline), binCounts(edges, current));

    const m = sieve.model('delay_classifier', { version: '3' });
    // Latencies measured elsewhere (e.g. by a server framework): 90 at 20 ms, 10 at 300 ms.
    const ranker = sieve.model('ranker', { version: '1' });
    const serve = async () => {
      for (let i = 0; i < 100; i++) {
        await m.predict(() => i);
        m.addCost(0.005);
        ranker.recordLatency(i < 90 ? 0.02 : 0.3);
      }
    };
    await serve();
    const outcomes: Array<[boolean, boolean, number]> = [
      [true, true, 40],
      [false, false, 45],
      [true, false, 10],
      [false, true, 5],
    ];
    for (const [predicted, actual, n] of outcomes) for (let i = 0; i < n; i++) m.recordOutcome({ predicted, actual });

    prom = await startPrometheus({
      scrapeJobs: [{ job: 'etl', targets: [`127.0.0.1:${port}`] }],
      scrapeInterval: '1s',
    });
    await prom.waitForTargetsUp();
    const predictions = `${METRICS.modelPredictions.prometheus.name}${sel({ [LABEL.model]: 'delay_classifier' })}`;
    await waitFor(async () => (await prom.query(predictions)).length === 1, { what: 'the first scrape in the TSDB' });
    // A second round of the same traffic while Prometheus watches, so that rate() has increases.
    await serve();
    await waitFor(async () => (await prom.query(predictions))[0]?.value === 200, { what: 'the second round scraped' });
  });

  afterAll(async () => {
    await prom?.stop();
    await sieve?.shutdown();
  });

  it('the scraped exposition passes promtool check metrics', async () => {
    const text = await (await fetch(sieve.metricsUrl as string)).text();
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('freshness: time() - last_success is a few seconds', async () => {
    const age = await one(
      `time() - ${METRICS.pipelineLastSuccess.prometheus.name}${sel({ [LABEL.pipeline]: 'daily_etl' })}`
    );
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(30);
  });

  it('completeness: 1 - missing / records per field', async () => {
    const missing = METRICS.datasetMissing.prometheus.name;
    const records = METRICS.datasetRecords.prometheus.name;
    const expr = `1 - (${missing}${sel({ [LABEL.field]: 'delay' })} / ignoring(${LABEL.field}) group_left ${records})`;
    expect(await one(expr)).toBeCloseTo(0.8, 12);
  });

  it('PSI: the exported in-process PSI', async () => {
    expect(expectedPsi).toBeGreaterThan(0.1);
    expect(await one(`${METRICS.featurePsi.prometheus.name}${sel({ [LABEL.feature]: 'trip_distance' })}`)).toBeCloseTo(
      expectedPsi,
      9
    );
  });

  it('p95 latency: histogram_quantile over the real buckets', async () => {
    const b = METRICS.modelPredictionDuration.prometheus.bucket;
    const q = (phi: number) =>
      one(`histogram_quantile(${phi}, sum by (${LABEL.le}) (${b}${sel({ [LABEL.model]: 'ranker' })}))`);
    // Rank 95 % lies in the bucket (0.25, 0.5] holding the slow 10 %, half of them below it:
    // Prometheus interpolates linearly, 0.25 + 0.25 · 5/10.
    expect(await q(0.95)).toBeCloseTo(0.375, 9);
    // Rank 50 % lies in (0.01, 0.025], which holds the fast 90 %: 0.01 + 0.015 · 50/90.
    expect(await q(0.5)).toBeCloseTo(0.01 + (0.015 * 50) / 90, 9);
    // The operational form: over a window, from the buckets' rates (the same mix of traffic).
    const p95 = `histogram_quantile(0.95, sum by (${LABEL.le}) (rate(${b}${sel({ [LABEL.model]: 'ranker' })}[1m])))`;
    expect(await one(p95)).toBeCloseTo(0.375, 9);
  });

  it('accuracy: (tp + tn) / all labelled outcomes', async () => {
    const o = METRICS.modelOutcomes.prometheus.name;
    const expr = `sum(${o}{${LABEL.outcome}=~"tp|tn"}) / sum(${o}{${LABEL.outcome}=~"tp|tn|fp|fn"})`;
    expect(await one(expr)).toBeCloseTo(0.85, 12);
  });

  it('cost per prediction: cost / predictions', async () => {
    const m = sel({ [LABEL.model]: 'delay_classifier' });
    const cost = METRICS.modelCost.prometheus.name;
    const predictions = METRICS.modelPredictions.prometheus.name;
    expect(await one(`${cost}${m} / ${predictions}${m}`)).toBeCloseTo(0.005, 12);
    expect(await one(`rate(${cost}${m}[1m]) / rate(${predictions}${m}[1m])`)).toBeCloseTo(0.005, 12);
  });

  it('the feature histogram works with histogram_quantile, its le being the bin spec', async () => {
    const b = METRICS.featureValue.prometheus.bucket;
    const les = (await prom.query(`${b}${sel({ [LABEL.feature]: 'trip_distance' })}`)).map((s) => s.metric[LABEL.le]);
    const baselineBounds = (
      await prom.query(`${METRICS.featureBaseline.prometheus.name}${sel({ [LABEL.feature]: 'trip_distance' })}`)
    ).map((s) => s.metric[LABEL.upperBound]);
    expect(new Set(les)).toEqual(new Set(baselineBounds));
    const median = await one(`histogram_quantile(0.5, ${b}${sel({ [LABEL.feature]: 'trip_distance' })})`);
    expect(median).toBeGreaterThan(0);
    expect(median).toBeLessThan(5);
  });
});
