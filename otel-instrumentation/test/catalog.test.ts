import { LABEL, METRICS, prometheusLabel, prometheusName } from '../src/catalog/index.ts';

const defs = Object.values(METRICS);
const labelNames: string[] = Object.values(LABEL);

describe('the catalog follows its own rules', () => {
  it('has unique OTel names and unique Prometheus series names', () => {
    expect(new Set(defs.map((d) => d.name)).size).toBe(defs.length);
    const series = defs.flatMap((d) =>
      d.type === 'histogram' ? [d.prometheus.bucket, d.prometheus.sum, d.prometheus.count] : [d.prometheus.name]
    );
    expect(new Set(series).size).toBe(series.length);
  });

  it.each(defs.map((d) => [d.name, d] as const))(
    '%s: OTel naming, UCUM unit, catalog labels, a description',
    (_n, d) => {
      // Dot-separated lowercase namespaces under sieve.*, no `total`; the unit's suffix ends the name.
      expect(d.name).toMatch(/^sieve(\.[a-z][a-z0-9_]*)+$/);
      expect(d.name).not.toMatch(/total/);
      expect(d.unit).toMatch(/^(s|1|By|\{[a-z_A-Z]+\}|)$/);
      if (d.unit === 's') expect(d.name).toMatch(/_seconds$/);
      if (d.unit === 'By') expect(d.name).toMatch(/_bytes$/);
      // `1` only on true ratios, which are gauges: OTLP translators add `_ratio` to gauges only.
      if (d.unit === '1') expect([d.type, d.name.endsWith('_ratio')]).toEqual(['gauge', true]);
      if (d.type === 'counter') expect(d.prometheus.name).toMatch(/_total$/);
      if (/_(seconds|bytes|ratio)$/.test(d.name)) expect(d.unit).not.toMatch(/^(\{.*\})?$/);
      for (const l of d.labels) expect(labelNames).toContain(l);
      expect(new Set(d.labels).size).toBe(d.labels.length);
      expect(d.description).toMatch(/^[A-Z].*\.$/);
      // Only histograms' `_bucket` series may carry `le` (Prometheus rejects it elsewhere).
      expect(d.labels).not.toContain(LABEL.le);
    }
  );

  it('uses snake_case label names that Prometheus keeps as they are', () => {
    for (const l of labelNames) {
      expect(l).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(prometheusLabel(l)).toBe(l);
    }
  });
});

describe('prometheusName (the exporter-prometheus 0.301 rules)', () => {
  it.each([
    ['app.jobs.runs', 'counter', 'app_jobs_runs_total'],
    ['ml.model.inference.duration', 'histogram', 'ml_model_inference_duration'],
    ['a.b-c/d', 'gauge', 'a_b_c_d'],
    ['x..y', 'gauge', 'x_y'],
    ['9lives.count-x', 'counter', '_9lives_count_x_total'],
    ['already_total', 'counter', 'already_total'],
  ] as const)('%s (%s) → %s', (otel, type, expected) => {
    expect(prometheusName(otel, type)).toBe(expected);
  });
});
