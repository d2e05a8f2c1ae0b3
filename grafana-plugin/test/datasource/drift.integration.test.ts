import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import {
  binCounts,
  categoryCounts,
  driftScore,
  driftVerdict,
  DETECTORS,
  MEASURES,
  scoreSeries,
  type MeasureName,
} from '@sieve/scoring';
import type { Sample } from '@sieve/testkit';
import { maskUnscored, pointsToScore } from '../../backend/src/datasource/warmUp.ts';
import { createDatasource } from '../../backend/src/datasource/index.ts';
import { MEASURE_LABEL } from '../../backend/src/datasource/driftFrames.ts';
import { createPrometheusClient } from '../../backend/src/datasource/prometheusClient.ts';
import { parseSettings } from '../../backend/src/datasource/settings.ts';
import type { DataFrame, DataResponse } from '../../backend/src/sdk/index.ts';
import { dataQuery, instanceSettings, requestContext } from './handlerRequests.ts';
import { binsFromSamples, SCRAPE_INTERVAL, startSieveFixture, type SieveFixture } from './sieveFixture.ts';

let fx: SieveFixture;
const ds = createDatasource();
const settings = () => instanceSettings(fx.prometheus.url, { jsonData: { timeInterval: SCRAPE_INTERVAL } });
const ctx = (fromAlert = false) => requestContext(settings(), { fromAlert });

beforeAll(async () => {
  fx = await startSieveFixture();
}, 60_000);
afterAll(async () => {
  await fx?.stop();
});

function framesOf(r: DataResponse): DataFrame[] {
  if (r.status !== 200 || !('frames' in r) || 'error' in r) throw new Error(`query failed: ${JSON.stringify(r)}`);
  return r.frames;
}

/** Column `name` of a table frame. */
function column(frame: DataFrame, name: string): unknown[] {
  const field = frame.fields.find((f) => f.name === name);
  if (!field) throw new Error(`no field ${name}`);
  return Array.from(field.values as ArrayLike<unknown>);
}

const seconds = (ms: number) => `${Math.round(ms / 1000)}s`;
const bucketExpr = (windowMs: number, offset = '') =>
  `sum by (${LABEL.feature}, ${LABEL.le}) (increase(${METRICS.featureValue.prometheus.bucket}[${seconds(windowMs)}]${offset}))`;
const categoryExpr = (windowMs: number, offset = '') =>
  `sum by (${LABEL.feature}, ${LABEL.category}) (increase(${METRICS.featureCategory.prometheus.name}[${seconds(windowMs)}]${offset}))`;

/** Counts of every feature over a window ending at `atMs`, straight from Prometheus. */
async function promCounts(atMs: number, windowMs: number, offset = ''): Promise<Sample[]> {
  const [b, c] = await Promise.all([
    fx.prometheus.query(bucketExpr(windowMs, offset), atMs / 1000),
    fx.prometheus.query(categoryExpr(windowMs, offset), atMs / 1000),
  ]);
  return [...b, ...c];
}

/** The exported baseline, as shares, from what the feature was created with. */
function exportedBaseline(feature: 'stable_num' | 'shifted_num' | 'country'): number[] {
  const spec = fx.features[feature].binSpec;
  if (spec.kind === 'numeric') return Array.from(binCounts(spec.edges, fx.baselines[feature] as number[]));
  // categoryCounts puts __other__ last after the top-K; the datasource orders categories by name.
  const counts = categoryCounts(spec.categories, fx.baselines.country);
  const order = [...spec.categories]
    .map((c, i) => [c, counts[i] as number] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return [...order.map(([, n]) => n), counts[spec.categories.length] as number];
}

const FEATURES = ['country', 'shifted_num', 'stable_num'] as const;

describe('drift against a real Prometheus scraping the real instrumentation', () => {
  it('table, exported baseline: values equal scoring on the same counts, verdicts make sense', async () => {
    const { fromMs, toMs } = fx.phase2;
    const r = await ds.queryData(ctx(), dataQuery('drift', { format: 'table' }, { fromMs, toMs }));
    const [table] = framesOf(r);
    if (!table) throw new Error('no frame');
    expect(table.meta?.notices).toBeUndefined();
    expect(table.meta?.type).toBe('table');
    expect(column(table, 'feature')).toEqual([...FEATURES]);
    const samples = await promCounts(toMs, toMs - fromMs);
    const expected = FEATURES.map((f) => driftScore('psi', exportedBaseline(f), binsFromSamples(samples, f)));
    const values = column(table, 'psi') as number[];
    FEATURES.forEach((_, i) => expect(values[i]).toBeCloseTo(expected[i] as number, 10));
    expect(column(table, 'verdict')).toEqual(['significant', 'significant', 'stable']);
    // What the verdicts rest on: the exported baseline's sample count (sieve_feature_baseline_samples)
    // and the current window's size; the shifted features are far beyond that noise.
    const referenceN = FEATURES.map((f) => fx.baselines[f].length);
    expect(column(table, 'reference_n')).toEqual(referenceN);
    const currentN = column(table, 'current_n') as number[];
    const effectiveN = column(table, 'effective_n') as number[];
    FEATURES.forEach((_, i) => {
      const [n, m] = [referenceN[i] as number, currentN[i] as number];
      expect(effectiveN[i]).toBeCloseTo((n * m) / (n + m), 9);
    });
    const pValues = column(table, 'p_value') as number[];
    const floors = column(table, 'noise_floor') as number[];
    [0, 1].forEach((i) => {
      expect(currentN[i]).toBeGreaterThan(0);
      expect(pValues[i]).toBeLessThan(0.01);
      expect(values[i]).toBeGreaterThan(floors[i] as number);
    });
  });

  it.each<[MeasureName]>([['js'], ['hellinger'], ['ks'], ['kl'], ['wasserstein'], ['chi2']])(
    'table, fixed-range baseline with %s',
    async (measure) => {
      const baseline = { type: 'range', from: fx.phase1.fromMs, to: fx.phase1.toMs };
      const { fromMs, toMs } = fx.phase2;
      const [table] = framesOf(
        await ds.queryData(ctx(), dataQuery('drift', { format: 'table', measure, baseline }, { fromMs, toMs }))
      );
      if (!table) throw new Error('no frame');
      const current = await promCounts(toMs, toMs - fromMs);
      const reference = await promCounts(fx.phase1.toMs, fx.phase1.toMs - fx.phase1.fromMs);
      const values = column(table, measure) as number[];
      const notices = (table.meta?.notices ?? []).map((n) => n.text);
      FEATURES.forEach((feature, i) => {
        const spec = fx.features[feature].binSpec;
        if (!MEASURES[measure].features.includes(spec.kind)) {
          expect(values[i]).toBeNaN();
          expect(notices).toContain(`feature "${feature}": ${measure} does not apply to ${spec.kind} features`);
          return;
        }
        const edges = spec.kind === 'numeric' ? spec.edges : undefined;
        const want = driftScore(measure, binsFromSamples(reference, feature), binsFromSamples(current, feature), {
          edges,
        });
        expect(values[i]).toBeCloseTo(want, 10);
      });
    }
  );

  it('offset baseline compares with the window shifted back', async () => {
    const { fromMs, toMs } = fx.phase2;
    const offsetMs = fx.phase2.toMs - fx.phase1.toMs;
    const [table] = framesOf(
      await ds.queryData(
        ctx(),
        dataQuery(
          'drift',
          { format: 'table', baseline: { type: 'offset', offset: seconds(offsetMs) } },
          { fromMs, toMs }
        )
      )
    );
    if (!table) throw new Error('no frame');
    const current = await promCounts(toMs, toMs - fromMs);
    const reference = await promCounts(toMs, toMs - fromMs, ` offset ${seconds(offsetMs)}`);
    const values = column(table, 'psi') as number[];
    FEATURES.forEach((f, i) =>
      expect(values[i]).toBeCloseTo(driftScore('psi', binsFromSamples(reference, f), binsFromSamples(current, f)), 10)
    );
  });

  it('time series: one frame per feature, labelled, one value per step from that step’s window', async () => {
    const range = { fromMs: fx.phase1.fromMs, toMs: fx.phase2.toMs };
    const r = await ds.queryData(
      ctx(),
      dataQuery('drift', { step: '1s', window: '3s', features: 'feature=~".*_num"' }, range)
    );
    const frames = framesOf(r);
    expect(frames.map((f) => f.fields[1]?.labels)).toEqual([
      { [LABEL.feature]: 'shifted_num', [MEASURE_LABEL]: 'psi' },
      { [LABEL.feature]: 'stable_num', [MEASURE_LABEL]: 'psi' },
    ]);
    for (const frame of frames) {
      expect(frame.meta?.type).toBe('timeseries-multi');
      expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
        ['time', 'time'],
        ['psi', 'number'],
      ]);
      // The step, as Grafana's Prometheus datasource sets it: panels know the sample spacing.
      expect(frame.fields[0]?.config).toEqual({ interval: 1000 });
    }
    const times = Array.from(frames[0]?.fields[0]?.values as ArrayLike<number>);
    expect(times[0]).toBe(Math.floor(range.fromMs / 1000) * 1000);
    expect(times[1]! - times[0]!).toBe(1000);
    // Each step equals scoring on Prometheus' counts for the 3 s window ending there.
    const shifted = Array.from(frames[0]?.fields[1]?.values as ArrayLike<number>);
    let checked = 0;
    for (let i = 0; i < times.length; i += 2) {
      const counts = binsFromSamples(await fx.prometheus.query(bucketExpr(3000), times[i]! / 1000), 'shifted_num');
      const total = counts.reduce((a, b) => a + b, 0);
      if (total === 0) {
        expect(shifted[i]).toBeNaN();
        continue;
      }
      expect(shifted[i]).toBeCloseTo(driftScore('psi', exportedBaseline('shifted_num'), counts), 10);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('time series with an offset baseline compares every step with its own shifted window', async () => {
    const range = { fromMs: fx.phase1.fromMs, toMs: fx.phase2.toMs };
    const model = { step: '1s', window: '2s', baseline: { type: 'offset', offset: '3s' }, measure: 'js' };
    const frames = framesOf(await ds.queryData(ctx(), dataQuery('drift', model, range)));
    const country = frames.find((f) => f.fields[1]?.labels?.feature === 'country');
    const times = Array.from(country?.fields[0]?.values as ArrayLike<number>);
    const values = Array.from(country?.fields[1]?.values as ArrayLike<number>);
    let checked = 0;
    for (let i = 0; i < times.length; i++) {
      const at = times[i]! / 1000;
      const [cur, ref] = await Promise.all([
        fx.prometheus.query(categoryExpr(2000), at),
        fx.prometheus.query(categoryExpr(2000, ' offset 3s'), at),
      ]);
      const c = binsFromSamples(cur, 'country');
      const r = binsFromSamples(ref, 'country');
      const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
      if (c.length !== r.length || total(c) === 0 || total(r) === 0) continue;
      expect(values[i]).toBeCloseTo(driftScore('js', r, c), 10);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('alert requests get one numeric frame per feature with a unique label set', async () => {
    const { fromMs, toMs } = fx.phase2;
    const frames = framesOf(await ds.queryData(ctx(true), dataQuery('drift', {}, { fromMs, toMs })));
    expect(frames).toHaveLength(3);
    const labels = frames.map((f) => JSON.stringify(f.fields[0]?.labels));
    expect(new Set(labels).size).toBe(3);
    const samples = await promCounts(toMs, toMs - fromMs);
    frames.forEach((frame, i) => {
      expect(frame.meta).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
      // The number alerted on: the measure when the change is beyond sampling noise, else 0.
      expect(frame.fields.map((f) => f.name)).toEqual(['psi_verdict']);
      const feature = FEATURES[i] as (typeof FEATURES)[number];
      expect(frame.fields[0]?.labels).toEqual({ [LABEL.feature]: feature, [MEASURE_LABEL]: 'psi' });
      const [reference, current] = [exportedBaseline(feature), binsFromSamples(samples, feature)];
      const want = driftScore('psi', reference, current);
      const spec = fx.features[feature].binSpec;
      const edges = spec.kind === 'numeric' ? spec.edges : undefined;
      const real = driftVerdict('psi', reference, current, { edges }).real;
      expect((frame.fields[0]?.values as ArrayLike<number>)[0]).toBeCloseTo(real ? want : 0, 10);
    });
    // `alertValue: 'value'`: the raw measure.
    const raw = framesOf(await ds.queryData(ctx(true), dataQuery('drift', { alertValue: 'value' }, { fromMs, toMs })));
    raw.forEach((frame, i) => {
      const feature = FEATURES[i] as (typeof FEATURES)[number];
      expect(frame.fields.map((f) => f.name)).toEqual(['psi']);
      const want = driftScore('psi', exportedBaseline(feature), binsFromSamples(samples, feature));
      expect((frame.fields[0]?.values as ArrayLike<number>)[0]).toBeCloseTo(want, 10);
    });
  });

  it('features that match nothing give "no data" with a notice that names the matcher, not an error', async () => {
    const series = framesOf(await ds.queryData(ctx(), dataQuery('drift', { features: 'feature="nope"' }, fx.phase2)));
    expect(series).toHaveLength(1);
    expect(series[0]?.fields).toEqual([]);
    expect(series[0]?.meta?.type).toBe('timeseries-multi');
    expect(series[0]?.meta?.notices).toEqual([
      { severity: 'info', text: expect.stringContaining('no feature matches feature="nope"') },
    ]);
    const table = framesOf(
      await ds.queryData(ctx(), dataQuery('drift', { features: 'feature="nope"', format: 'table' }, fx.phase2))
    );
    expect(table.map((f) => f.meta?.notices?.[0]?.text)).toEqual([expect.stringContaining('feature="nope"')]);
    // Alert evaluation stays "no data": no frame at all.
    const alert = await ds.queryData(ctx(true), dataQuery('drift', { features: 'feature="nope"' }, fx.phase2));
    expect(framesOf(alert)).toEqual([]);
  });
});

describe('anomaly against a real Prometheus', () => {
  it('scores every series with the detector from scoring, after the warm-up', async () => {
    const expr = `sum by (${LABEL.feature}) (${METRICS.featureValue.prometheus.count})`;
    const range = { fromMs: fx.phase1.toMs, toMs: fx.phase2.toMs };
    const detector = 'zscore';
    // A short window and warm-up, so that the few seconds of fixture hold scored and unscored points.
    const params = { window: 8, warmup: 2 };
    const r = await ds.queryData(
      ctx(),
      dataQuery('anomaly', { expr, detector, params, step: '1s', warmup: '5s' }, range)
    );
    const frames = framesOf(r);
    const kinds = ['value', 'expected', 'lower', 'upper', 'score', 'anomaly'];
    expect(frames.map((f) => f.fields[1]?.labels)).toEqual(
      ['shifted_num', 'stable_num'].flatMap((feature) =>
        kinds.map((kind) => ({ [LABEL.feature]: feature, series_kind: kind }))
      )
    );
    const startS = Math.floor(range.fromMs / 1000);
    const endS = Math.floor(range.toMs / 1000);
    const raw = await fx.prometheus.queryRange(expr, startS - 5, endS, 1);
    for (const feature of ['shifted_num', 'stable_num']) {
      const mine = frames.filter((f) => f.fields[1]?.labels?.[LABEL.feature] === feature);
      expect(mine.map((f) => [f.meta?.type, f.fields.map((x) => x.name)])).toEqual(
        kinds.map((kind) => ['timeseries-multi', ['time', kind]])
      );
      const series = raw.find((s) => s.metric.feature === feature);
      if (!series) throw new Error('series missing');
      const want = scoreSeries(
        detector,
        params,
        series.values.map(([t]) => t * 1000),
        series.values.map(([, v]) => v)
      );
      const first = series.values.findIndex(([t]) => t >= startS);
      const valuesOf = (kind: string) =>
        Array.from(mine.find((f) => f.fields[1]?.name === kind)?.fields[1]?.values as ArrayLike<number>);
      for (const frame of mine) {
        expect(Array.from(frame.fields[0]?.values as ArrayLike<number>)).toEqual(
          series.values.slice(first).map(([t]) => t * 1000)
        );
      }
      expect(valuesOf('value')).toEqual(series.values.slice(first).map(([, v]) => v));
      expect(valuesOf('expected')).toEqual(Array.from(want.expected.subarray(first)));
      // Scoring's score where it scored the point; null (NaN here) where it had too few points or no band.
      const scored = maskUnscored(
        series.values.map(([, v]) => v),
        want,
        pointsToScore(detector, params)
      );
      expect(valuesOf('score')).toEqual(Array.from(scored.score.subarray(first)));
      expect(valuesOf('anomaly')).toEqual(Array.from(scored.anomaly.subarray(first)));
      const unscored = valuesOf('score').filter(Number.isNaN).length;
      expect(unscored).toBeGreaterThan(0);
      expect(unscored).toBeLessThan(valuesOf('score').length);
    }
  });

  it("fills $__rate_interval from the datasource's scrape interval, as Grafana's Prometheus backend does", async () => {
    const rate = (window: string) =>
      `sum by (${LABEL.feature}) (rate(${METRICS.featureValue.prometheus.count}[${window}]))`;
    const range = { fromMs: fx.phase1.fromMs, toMs: fx.phase2.toMs };
    // By hand: scrape 1 s, interval 1 s: max(1 s + 1 s, 4 s) = 4 s at a 1 s step;
    // scrape 2 s: max(1 s + 2 s, 8 s) = 8 s, and the step is at least the scrape interval, 2 s.
    for (const [timeInterval, window, stepS] of [
      ['1s', '4s', 1],
      ['2s', '8s', 2],
    ] as const) {
      const settings = instanceSettings(fx.prometheus.url, { jsonData: { timeInterval } });
      const r = await ds.queryData(
        requestContext(settings),
        dataQuery('anomaly', { expr: rate('$__rate_interval'), warmup: '4s' }, range)
      );
      const startS = Math.floor(range.fromMs / 1000 / stepS) * stepS;
      const raw = await fx.prometheus.queryRange(rate(window), startS, Math.ceil(range.toMs / 1000), stepS);
      let checked = 0;
      for (const frame of framesOf(r).filter((f) => f.fields[1]?.name === 'value')) {
        const series = raw.find((s) => s.metric.feature === frame.fields[1]?.labels?.[LABEL.feature]);
        const at = new Map(series?.values.map(([t, v]) => [t * 1000, v]));
        const times = Array.from(frame.fields[0]?.values as ArrayLike<number>);
        const values = Array.from(frame.fields[1]?.values as ArrayLike<number>);
        expect(times[1]! - times[0]!).toBe(stepS * 1000);
        times.forEach((t, i) => {
          if (!at.has(t)) return;
          expect([timeInterval, t, values[i]]).toEqual([timeInterval, t, at.get(t)]);
          checked++;
        });
      }
      expect(checked).toBeGreaterThan(2);
    }
  });

  it('alert requests get the highest score per series as a numeric frame', async () => {
    const expr = `sum by (${LABEL.feature}) (${METRICS.featureValue.prometheus.count})`;
    const frames = framesOf(await ds.queryData(ctx(true), dataQuery('anomaly', { expr }, fx.phase2)));
    expect(frames.map((f) => [f.meta?.type, f.fields.length, f.fields[0]?.labels])).toEqual([
      ['numeric-multi', 1, { [LABEL.feature]: 'shifted_num' }],
      ['numeric-multi', 1, { [LABEL.feature]: 'stable_num' }],
    ]);
  });
});

describe('resources and health against a real Prometheus', () => {
  const get = async (path: string) => {
    const r = await ds.callResource(ctx(), { path, method: 'GET', url: path, headers: {}, body: new Uint8Array() });
    expect(r.status).toBe(200);
    return JSON.parse(new TextDecoder().decode(r.body)) as unknown;
  };

  it('lists pipelines, features, models, detectors and measures', async () => {
    expect(await get('pipelines')).toEqual(['etl']);
    expect(await get('features')).toEqual([...FEATURES]);
    expect(await get('models')).toEqual(['ranker']);
    const detectors = (await get('detectors')) as Array<{ name: string; default: boolean; params: object }>;
    expect(detectors.map((d) => d.name)).toEqual(Object.keys(DETECTORS));
    expect(detectors.filter((d) => d.default)).toHaveLength(1);
    expect(await get('measures')).toContainEqual({ name: 'psi', default: true });
  });

  it('the client lists label values', async () => {
    const client = createPrometheusClient(parseSettings(instanceSettings(fx.prometheus.url)));
    expect(await client.labelValues(LABEL.feature, [METRICS.featureValue.prometheus.count])).toEqual([
      'shifted_num',
      'stable_num',
    ]);
    expect(await client.labelValues(LABEL.feature, [METRICS.featureCategory.prometheus.name])).toEqual(['country']);
  });

  it('reports what it found', async () => {
    const health = await ds.checkHealth(ctx());
    expect(health).toEqual({
      status: 'OK',
      message: `Prometheus at ${fx.prometheus.url}: 1 pipelines, 3 features, 1 models`,
      details: { url: fx.prometheus.url, pipelines: 1, features: 3, models: 1 },
    });
  });
});
