import { binCounts, categoryCounts, psi, psiVerdict, quantileEdges, topKCategories } from '@sieve/scoring';
import { LABEL, METRICS, OTHER_CATEGORY, type Sieve } from '../src/index.ts';
import { librarySieve } from './support/librarySieve.ts';
import { collect, find, histogram, scalar } from './support/collect.ts';

const F = LABEL.feature;
const manual = (extra: { psiWindowMs?: number } = {}): Sieve => librarySieve({ serviceName: 'test', ...extra });

// A deterministic, skewed baseline: 0, 1, 4, 9, … (squares), so quantiles are not equally spaced.
const baseline = Array.from({ length: 1000 }, (_, i) => (i / 10) ** 2);

describe('numeric feature binning', () => {
  it('takes 9 interior edges from the baseline deciles (10 bins, open tails)', () => {
    const f = manual().feature('x', { baseline });
    expect(f.binSpec.kind).toBe('numeric');
    const edges = f.binSpec.kind === 'numeric' ? f.binSpec.edges : [];
    expect(edges).toHaveLength(9);
    // Edges are the deciles, rounded to 6 significant digits for readable `le` labels.
    quantileEdges(baseline, 10).forEach((e, i) => expect(Math.abs((edges[i] as number) - e) / e).toBeLessThan(1e-5));
  });

  it('honours bins and explicit edges', () => {
    const s = manual();
    const f4 = s.feature('four', { baseline, bins: 4 });
    expect(f4.binSpec.kind === 'numeric' && f4.binSpec.edges).toHaveLength(3);
    const fe = s.feature('explicit', { baseline, edges: [1, 10, 100] });
    expect(fe.binSpec).toEqual({ kind: 'numeric', edges: [1, 10, 100] });
  });

  it('exports a real histogram whose le bounds are the bin spec, with le (upper-inclusive) semantics and open tails', async () => {
    const s = manual();
    const f = s.feature('x', { baseline, edges: [1, 10, 100] });
    f.observeMany(Float64Array.from([-1e9, 1, 1.0001, 10, 50, 100, 1e9]));
    f.observe(2);
    f.observeMany([3, 4]);
    const h = histogram(await collect(s), METRICS.featureValue.name, { [F]: 'x' });
    expect(h.boundaries).toEqual([1, 10, 100]);
    // (−∞,1] gets −1e9 and 1; (1,10] gets 1.0001, 10, 2, 3, 4; (10,100] gets 50, 100; (100,∞) gets 1e9.
    expect(h.counts).toEqual([2, 5, 2, 1]);
    expect(h.count).toBe(10);
    expect(h.sum).toBeCloseTo(-1e9 + 1 + 1.0001 + 10 + 50 + 100 + 1e9 + 2 + 3 + 4, 3);
  });

  it('bins every typed and plain array the same way', async () => {
    const s = manual();
    const values = [0.5, 5, 50, 500];
    const kinds: Array<[string, ArrayLike<unknown>]> = [
      ['f64', Float64Array.from(values)],
      ['f32', Float32Array.from(values)],
      ['i32', Int32Array.from([0, 5, 50, 500])],
      ['plain', values],
    ];
    for (const [name, column] of kinds) s.feature(name, { baseline, edges: [1, 10, 100] }).observeMany(column);
    const series = await collect(s);
    for (const [name] of kinds)
      expect(histogram(series, METRICS.featureValue.name, { [F]: name }).counts).toEqual([1, 1, 1, 1]);
  });

  it('exports the baseline as the cumulative share per upper bound, the same strings as the bucket le', async () => {
    const s = manual();
    s.feature('x', { baseline, bins: 4 });
    const series = await collect(s);
    const shares = find(series, METRICS.featureBaseline.name, { [F]: 'x' });
    const h = histogram(series, METRICS.featureValue.name, { [F]: 'x' });
    expect(shares.map((x) => x.attributes[LABEL.upperBound])).toEqual([...h.boundaries.map(String), '+Inf']);
    const counts = binCounts(h.boundaries, baseline);
    let cum = 0;
    shares.forEach((x, i) => {
      cum += counts[i] as number;
      expect(x.value).toBeCloseTo(cum / baseline.length, 12);
    });
    expect(shares.at(-1)?.value).toBe(1);
  });

  it('exports the baseline sample count (n_ref): the finite values, skipped ones left out', async () => {
    const s = manual();
    s.feature('x', { baseline: [...baseline, null, NaN, Infinity] });
    s.feature('c', { kind: 'categorical', baseline: ['a', 'b', 'a', null, 'rare'], topK: 1 });
    const series = await collect(s);
    expect(scalar(series, METRICS.featureBaselineSamples.name, { [F]: 'x' })).toBe(baseline.length);
    // Values outside the top-K are in the baseline too (as __other__): n counts them.
    expect(scalar(series, METRICS.featureBaselineSamples.name, { [F]: 'c' })).toBe(4);
  });
});

describe('categorical feature binning', () => {
  const cats = ['AA', 'AA', 'AA', 'UA', 'UA', 'DL', 'WN', 'B6', 'B6', 'B6', 'B6'];

  it('keeps the baseline top-K plus OTHER_CATEGORY, and only those become labels', async () => {
    const s = manual();
    const c = s.feature('carrier', { kind: 'categorical', baseline: cats, topK: 2 });
    expect(c.binSpec).toEqual({ kind: 'categorical', categories: topKCategories(cats, 2) });
    c.observeMany(['B6', 'AA', 'UA', 'jane.doe@example.com', 'B6']);
    c.observe('555-0100');
    const series = await collect(s);
    const counted = find(series, METRICS.featureCategory.name, { [F]: 'carrier' });
    expect(Object.fromEntries(counted.map((x) => [x.attributes[LABEL.category], x.value]))).toEqual({
      B6: 2,
      AA: 1,
      [OTHER_CATEGORY]: 3,
    });
    // Raw values never reach any label of any series.
    const labelValues = series.flatMap((x) => Object.values(x.attributes));
    expect(labelValues).not.toContain('jane.doe@example.com');
    expect(labelValues).not.toContain('555-0100');
  });

  it('matches numbers and booleans by their string form', async () => {
    const s = manual();
    const c = s.feature('flag', { kind: 'categorical', baseline: ['true', 'false', '3'] });
    c.observeMany([true, false, 3, 4]);
    const series = await collect(s);
    const by = (cat: string) => scalar(series, METRICS.featureCategory.name, { [F]: 'flag', [LABEL.category]: cat });
    expect([by('true'), by('false'), by('3'), by(OTHER_CATEGORY)]).toEqual([1, 1, 1, 1]);
  });

  it('exports the baseline share per category, with the share outside the top-K as OTHER_CATEGORY', async () => {
    const s = manual();
    s.feature('carrier', { kind: 'categorical', baseline: cats, topK: 2 });
    const series = await collect(s);
    const share = (cat: string) =>
      scalar(series, METRICS.featureBaseline.name, { [F]: 'carrier', [LABEL.category]: cat });
    expect(share('B6')).toBeCloseTo(4 / 11, 12);
    expect(share('AA')).toBeCloseTo(3 / 11, 12);
    expect(share(OTHER_CATEGORY)).toBeCloseTo(4 / 11, 12);
  });
});

describe('in-process PSI', () => {
  it('equals scoring.psi of the baseline and current counts, and is exported', async () => {
    const s = manual();
    const f = s.feature('x', { baseline });
    const shifted = Float64Array.from(baseline, (v) => v * 1.5 + 100);
    f.observeMany(shifted);
    const edges = f.binSpec.kind === 'numeric' ? f.binSpec.edges : [];
    const expected = psi(binCounts(edges, baseline), binCounts(edges, shifted));
    expect(expected).toBeGreaterThan(0.25);
    expect(f.psi()).toBeCloseTo(expected, 12);
    expect(f.verdict()).toBe(psiVerdict(expected));
    expect(scalar(await collect(s), METRICS.featurePsi.name, { [F]: 'x' })).toBeCloseTo(expected, 12);
  });

  it('is near zero when the data matches the baseline, and categorical PSI uses the category bins', () => {
    const s = manual();
    const f = s.feature('x', { baseline });
    f.observeMany(baseline);
    expect(f.psi()).toBeLessThan(1e-12);
    expect(f.verdict()).toBe('stable');
    const cats = ['a', 'a', 'b', 'c'];
    const c = s.feature('c', { kind: 'categorical', baseline: cats });
    c.observeMany(['a', 'b', 'b', 'z']);
    const categories = c.binSpec.kind === 'categorical' ? c.binSpec.categories : [];
    expect(c.psi()).toBeCloseTo(
      psi(categoryCounts(categories, cats), categoryCounts(categories, ['a', 'b', 'b', 'z'])),
      12
    );
  });

  it('calls a large PSI from a handful of values noise, and exposes what the verdict rests on', () => {
    const s = manual();
    const f = s.feature('x', { baseline });
    // 12 values drawn from the baseline itself (a fixed scatter of indices): no drift at all.
    f.observeMany(Float64Array.from({ length: 12 }, (_, i) => baseline[(i * 613 + 7) % 1000] as number));
    const d = f.drift();
    expect(d?.value).toBeCloseTo(f.psi(), 12);
    expect(d?.band).not.toBe('stable'); // 12 values in 10 bins: the band alone would alarm
    expect(d?.real).toBe(false);
    expect(f.verdict()).toBe('stable');
    expect(d).toMatchObject({ referenceSize: baseline.length, currentSize: 12 });
    expect(d?.noiseFloor).toBeGreaterThan(d?.value ?? Infinity);
    expect(d?.test).toBe('anderson-darling'); // numeric bins are ordered
  });

  it('is NaN (and not exported) while the window holds no value', async () => {
    const s = manual();
    const f = s.feature('x', { baseline });
    expect(f.psi()).toBeNaN();
    expect(f.verdict()).toBeUndefined();
    expect(find(await collect(s), METRICS.featurePsi.name)).toHaveLength(0);
  });

  it('forgets values older than the rolling window (set per Sieve or per feature)', async () => {
    const s = manual({ psiWindowMs: 300 });
    const f = s.feature('x', { baseline });
    const long = s.feature('long', { baseline, psiWindowMs: 60_000 });
    long.observeMany(Float64Array.from(baseline, (v) => v + 1e6));
    f.observeMany(Float64Array.from(baseline, (v) => v + 1e6)); // everything in the top bin: large PSI
    expect(f.psi()).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 400));
    f.observeMany(baseline); // the baseline itself: PSI ≈ 0 once the shifted batch left the window
    expect(f.psi()).toBeLessThan(1e-12);
    long.observeMany(baseline); // a one-minute window still holds the shifted batch
    expect(long.psi()).toBeGreaterThan(0.25);
  });
});

describe('feature last update', () => {
  it('is set by batches exactly and by single values at the next collection', async () => {
    const s = manual();
    const f = s.feature('x', { baseline });
    expect(find(await collect(s), METRICS.featureLastUpdate.name)).toHaveLength(0);
    const before = Date.now() / 1000;
    f.observeMany([1, 2]);
    const t1 = scalar(await collect(s), METRICS.featureLastUpdate.name, { [F]: 'x' });
    expect(t1).toBeGreaterThanOrEqual(before);
    expect(t1).toBeLessThanOrEqual(Date.now() / 1000);
    await new Promise((r) => setTimeout(r, 20));
    f.observe(null); // not a value: the time does not move
    expect(scalar(await collect(s), METRICS.featureLastUpdate.name, { [F]: 'x' })).toBe(t1);
    f.observe(3);
    expect(scalar(await collect(s), METRICS.featureLastUpdate.name, { [F]: 'x' })).toBeGreaterThan(t1);
  });
});
