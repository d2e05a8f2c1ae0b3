import { freePort } from '@sieve/testkit';
import { LABEL, METRICS, OVERFLOW_ATTRIBUTE, prometheusLabel, startSieve } from '../src/index.ts';
import { parseExposition, promtoolCheckMetrics } from './support/exposition.ts';
import { exerciseAll } from './support/exerciseAll.ts';

const SCOPE_LABELS = ['otel_scope_name', 'otel_scope_version'];
const LIMIT = 40;

/** The catalog checked against what the real exporter serves: names, types and labels. */
describe('the catalog against a real scrape of the real exporter', () => {
  let text = '';
  beforeAll(async () => {
    const sieve = startSieve({
      serviceName: 'catalog-test',
      prometheus: { host: '127.0.0.1', port: await freePort() },
      cardinalityLimit: LIMIT,
    });
    await sieve.ready();
    await exerciseAll(sieve, LIMIT + 10);
    const res = await fetch(sieve.metricsUrl as string);
    expect(res.status).toBe(200);
    text = await res.text();
    await sieve.shutdown();
  });

  it.each(Object.entries(METRICS))('%s appears with the expected Prometheus name, type and labels', (_key, def) => {
    const { types, samples } = parseExposition(text);
    expect(types.get(def.prometheus.name)).toBe(def.type);
    const names =
      def.type === 'histogram'
        ? [def.prometheus.bucket, def.prometheus.sum, def.prometheus.count]
        : [def.prometheus.name];
    for (const n of names) expect(samples.some((s) => s.name === n)).toBe(true);
    const allowed = new Set([...def.labels.map(prometheusLabel), ...SCOPE_LABELS, prometheusLabel(OVERFLOW_ATTRIBUTE)]);
    for (const s of samples.filter((x) => names.includes(x.name))) {
      const extra = s.name === def.prometheus.bucket ? [LABEL.le] : [];
      for (const label of Object.keys(s.labels)) expect([...allowed, ...extra]).toContain(label);
    }
  });

  it('serves nothing but catalog families and target_info', () => {
    const known = new Set(Object.values(METRICS).map((m) => m.prometheus.name));
    for (const family of parseExposition(text).types.keys()) {
      if (family !== 'target_info') expect(known).toContain(family);
    }
  });

  it('makes the overflow visible: an otel_metric_overflow series and the overflow counter', () => {
    const { samples } = parseExposition(text);
    const overflow = samples.filter(
      (s) =>
        s.name === METRICS.datasetMissing.prometheus.name && s.labels[prometheusLabel(OVERFLOW_ATTRIBUTE)] === 'true'
    );
    expect(overflow).toHaveLength(1);
    const counted = samples.find(
      (s) =>
        s.name === METRICS.instrumentationOverflow.prometheus.name &&
        s.labels[LABEL.metric] === METRICS.datasetMissing.name
    );
    expect(counted?.value).toBeGreaterThan(0);
  });

  it('passes promtool check metrics with no problems', () => {
    const { status, output } = promtoolCheckMetrics(text);
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
