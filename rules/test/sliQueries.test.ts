import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { sliQuery } from '../src/sliQueries.ts';
import { parseSpec, type Slo } from '../src/spec.ts';
import { timeScale } from '../src/timeScale.ts';

function slo(sli: string, extra = ''): Slo {
  const spec = parseSpec(
    `version: sieve/v1\nservice: s\nrunbookBaseUrl: https://r.example\ndashboardBaseUrl: https://g.example/d\n` +
      `slos:\n  - {name: x, description: d, objective: 99, ${extra} sli: ${sli}}\n`
  );
  return spec.slos[0] as Slo;
}

const errorRatio = (s: Slo) => {
  const q = sliQuery(s, timeScale());
  if (q.type !== 'events') throw new Error('expected an event SLI');
  return q.errorRatio('5m');
};

describe('SLI queries', () => {
  it('latency: a fractional edge matches exactly, a whole one also as Prometheus 3 writes it', () => {
    const bucket = METRICS.modelPredictionDuration.prometheus.bucket;
    expect(errorRatio(slo('{kind: latency, threshold: 0.2}'))).toContain(`${bucket}{le="0.2"}[5m]`);
    expect(errorRatio(slo('{kind: latency, threshold: 1}'))).toContain(`${bucket}{le=~"1(\\\\.0)?"}[5m]`);
  });

  it('availability: no error series yields 0 (or … * 0), not an empty result', () => {
    expect(errorRatio(slo('{kind: availability}'))).toMatch(
      new RegExp(` or sum by \\(${LABEL.model}\\) \\(rate\\(.*\\)\\) \\* 0\\) / `)
    );
  });

  it('selectors become matchers on every metric of the SLI', () => {
    const q = errorRatio(slo('{kind: availability}', 'selector: {model: fraud},'));
    expect(q.split(`{${LABEL.model}="fraud"}`)).toHaveLength(4); // three matchers
  });

  it('time SLIs scale their own windows and bounds with the time scale', () => {
    const q = sliQuery(slo('{kind: freshness, of: feature, maxAge: 1m}'), timeScale(1 / 60));
    expect(q).toMatchObject({ type: 'time', bad: expect.stringMatching(/> bool 1$/) });
    const cost = sliQuery(slo('{kind: costPerPrediction, max: 0.01, window: 1h}'), timeScale(1 / 60));
    expect(cost.type === 'time' && cost.bad).toContain('[1m]');
  });
});
