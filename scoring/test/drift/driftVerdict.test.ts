/** Verdicts that respect sample size: material (band) AND real (beyond sampling noise). */
import {
  andersonDarling,
  binCounts,
  chiSquareCritical,
  DEFAULT_ALPHA,
  driftVerdict,
  driftVerdicts,
  kolmogorovQuantile,
  kolmogorovSurvival,
  learnedQuantileThreshold,
  learnedVerdict,
  MEASURE_NAMES,
  psi,
  quantileEdges,
  referenceChunkScores,
} from '../../src/drift/index.ts';

function uniformSource(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('null distributions', () => {
  it('chi-square and Kolmogorov critical values match their tables', () => {
    expect(chiSquareCritical(9, 0.05)).toBeCloseTo(16.918977604620448, 9); // scipy.stats.chi2.isf(0.05, 9)
    expect(chiSquareCritical(1, 0.01)).toBeCloseTo(6.6348966010212145, 9);
    expect(kolmogorovSurvival(1)).toBeCloseTo(0.26999967167735456, 12); // scipy.stats.kstwobign.sf(1)
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 12);
    expect(kolmogorovQuantile(0.05)).toBeCloseTo(1.3580986393225505, 8);
  });
});

describe('driftVerdict', () => {
  const EDGES = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it('calls a large PSI between two 30-value windows noise, and says why', () => {
    const ref = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
    const cur = [5, 1, 4, 2, 3, 6, 0, 3, 4, 2];
    const v = driftVerdict('psi', ref, cur);
    expect(v.value).toBeGreaterThan(0.25); // the band alone would say 'significant'
    expect(v.band).toBe('significant');
    expect(v.real).toBe(false);
    expect(v.verdict).toBe('stable');
    expect(v.drift).toBe(false);
    expect(v.method).toBe('permutation');
    expect(v).toMatchObject({ referenceSize: 30, currentSize: 30, effectiveSize: 15, bins: 10, alpha: 0.025 });
    expect(v.test).toBe('measure'); // no edges: the bins may be categories, so their order means nothing
    expect(v.noiseFloor).toBeGreaterThan(v.value);
    expect(v.pValue).toBeGreaterThan(0.025);
  });

  it('flags a material shift between large windows, with the χ² limit', () => {
    const ref = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000];
    const cur = [300, 500, 700, 900, 1000, 1100, 1200, 1300, 1400, 1600];
    const v = driftVerdict('psi', ref, cur);
    expect(v).toMatchObject({ method: 'asymptotic', band: 'moderate', real: true, verdict: 'moderate', drift: true });
    expect(v.pValue).toBeLessThan(1e-10);
    // The typical noise is (k − 1)(1/n + 1/m), the critical value χ²_{1−α}(9) · (1/n + 1/m).
    expect(v.expectedNoise).toBeCloseTo(9 * (2 / 10_000), 12);
    expect(v.noiseFloor).toBeCloseTo(chiSquareCritical(9, DEFAULT_ALPHA) / 5000, 12);
  });

  it('calls a certain but immaterial change stable', () => {
    const ref = Array.from({ length: 10 }, () => 1e6);
    const cur = ref.map((c, i) => c * (1 + (i - 4.5) * 0.004));
    const v = driftVerdict('psi', ref, cur);
    expect(v.real).toBe(true);
    expect(v.band).toBe('stable');
    expect(v.drift).toBe(false);
  });

  it('judges chi2 by its p-value at alpha: the moderate band alone is not drift', () => {
    const v = driftVerdict('chi2', [100, 100, 100], [120, 90, 90]);
    expect(v.value).toBeGreaterThan(0.05);
    expect(v.value).toBeLessThan(0.5);
    expect(v.verdict).toBe('stable');
    const w = driftVerdict('chi2', [100, 100, 100], [160, 70, 70]);
    expect(w).toMatchObject({ band: 'significant', real: true, drift: true });
    expect(w.pValue).toBe(w.value);
  });

  it('uses the current size only when the reference is a set of proportions', () => {
    const shares = [0.1, 0.2, 0.3, 0.4];
    const v = driftVerdict('psi', shares, [100, 200, 300, 400], { referenceSize: Infinity });
    expect(v).toMatchObject({ effectiveSize: 1000, method: 'asymptotic', drift: false });
    const small = driftVerdict('psi', shares, [1, 2, 3, 4], { referenceSize: Infinity });
    expect(small.method).toBe('bootstrap');
    expect(small.drift).toBe(false);
  });

  it('handles every measure, Wasserstein by the Gaussian limit or a permutation', () => {
    const ref = [10, 16, 24, 30, 40, 30, 24, 16, 10, 0];
    const cur = [0, 10, 16, 24, 30, 40, 30, 24, 16, 10]; // shifted one bin up
    const vs = driftVerdicts(MEASURE_NAMES, ref, cur, { edges: EDGES });
    expect(vs.map((v) => v.measure)).toEqual(MEASURE_NAMES);
    for (const v of vs) {
      expect(v.method).toBe('permutation'); // expected counts below 20 in the outer bins
      expect(v.drift).toBe(true);
    }
    const big = driftVerdict(
      'wasserstein',
      ref.map((c) => c * 10 + 50),
      cur.map((c) => c * 10 + 50),
      {
        edges: EDGES,
      }
    );
    expect(big.method).toBe('gaussian');
    expect(big.drift).toBe(true);
  });

  it('tests ordered bins with Anderson–Darling (chi2 keeps its own p-value)', () => {
    const ref = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000];
    const cur = [300, 500, 700, 900, 1000, 1100, 1200, 1300, 1400, 1600];
    const vs = driftVerdicts(MEASURE_NAMES, ref, cur, { edges: EDGES });
    for (const v of vs) expect(v.test).toBe(v.measure === 'chi2' ? 'measure' : 'anderson-darling');
    expect(vs.every((v) => v.real)).toBe(true);
    const small = driftVerdicts(['psi', 'chi2'], [3, 3, 3, 3, 3, 3, 3, 3, 3, 3], [5, 1, 4, 2, 3, 6, 0, 3, 4, 2], {
      edges: EDGES,
    });
    expect(small.map((v) => [v.method, v.test])).toEqual([
      ['permutation', 'anderson-darling'],
      ['permutation', 'measure'],
    ]);
    expect(small[0]?.real).toBe(false); // no trend across the bins: noise
    // `ordered: false` keeps the measure's own test even with edges.
    expect(driftVerdict('psi', ref, cur, { edges: EDGES, ordered: false }).test).toBe('measure');
  });

  it('calls values in a bin the known reference shares never filled drift, at either end and any size', () => {
    // Under "no change" with known shares, a value in a share-0 bin is impossible: p = 0.
    const cases: Array<[number[], number[], string]> = [
      [[0.5, 0.5, 0], [500, 400, 100], 'asymptotic'],
      [[0.5, 0.5, 0], [25, 20, 5], 'asymptotic'],
      [[0, 0.5, 0.5], [100, 400, 500], 'asymptotic'],
      [[0.5, 0.5, 0], [5, 4, 1], 'bootstrap'],
    ];
    for (const [shares, cur, method] of cases) {
      const v = driftVerdict('psi', shares, cur, { edges: [1, 2], referenceSize: Infinity });
      expect(v).toMatchObject({ test: 'anderson-darling', method, pValue: 0, real: true });
      if (method === 'asymptotic') expect(v).toMatchObject({ verdict: 'significant', drift: true });
    }
    // chi2 against known shares is the goodness-of-fit test, its value and p-value alike.
    expect(
      driftVerdict('chi2', [0.5, 0.5, 0], [500, 400, 100], { edges: [1, 2], referenceSize: Infinity })
    ).toMatchObject({ value: 0, pValue: 0, verdict: 'significant', drift: true });
    // One bin of share 1: the reference is a point, any value beside it is a change.
    expect(driftVerdict('psi', [1, 0], [50, 50], { edges: [1], referenceSize: Infinity })).toMatchObject({
      pValue: 0,
      drift: true,
    });
    // A fraction of an observation (Prometheus increase()) is not evidence of one.
    expect(
      driftVerdict('psi', [0.5, 0.5, 0], [500, 500, 0.3], { edges: [1, 2], referenceSize: Infinity }).pValue
    ).toBeGreaterThan(0.025);
  });

  it('computes the Anderson–Darling statistic of Scholz and Stephens (scipy.stats.anderson_ksamp)', () => {
    // Two samples with ties, one bin per distinct value: scipy's A²_kN (midrank=False) = 1.3074309195754448.
    const a = [1, 2, 1, 0, 3, 0, 1, 2, 0, 1, 0, 0, 0];
    const b = [0, 1, 2, 1, 1, 1, 2, 0, 1, 0, 2, 1, 1];
    expect(andersonDarling(a, b)).toBeCloseTo(1.3074309195754448, 12);
    // Known proportions: the one-sample form, n_eff = m and H the reference's CDF.
    expect(andersonDarling([0.5, 0.5], [30, 70], Infinity)).toBeCloseTo((100 * 0.5 * 0.2 ** 2) / 0.25, 12);
  });

  it('detects a 0.5 sd shift in 30 values more often with ordered bins, at the same false-alarm level', () => {
    const uniform = uniformSource(7);
    const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    const trials = 100;
    const rates = { ordered: 0, unordered: 0, orderedSame: 0 };
    for (let t = 0; t < trials; t++) {
      const ref = Array.from({ length: 30 }, normal);
      const shifted = Array.from({ length: 30 }, () => normal() + 0.5);
      const same = Array.from({ length: 30 }, normal);
      const edges = quantileEdges(ref);
      const [r, c, s] = [binCounts(edges, ref), binCounts(edges, shifted), binCounts(edges, same)];
      if (driftVerdict('psi', r, c, { edges }).drift) rates.ordered++;
      if (driftVerdict('psi', r, c).drift) rates.unordered++;
      if (driftVerdict('psi', r, s, { edges }).drift) rates.orderedSame++;
    }
    // Seeded, so deterministic. For scale: a t-test on the raw values has power ≈ 0.37 here.
    expect(rates.ordered / trials).toBeGreaterThan(0.25);
    expect(rates.ordered).toBeGreaterThan(1.5 * rates.unordered);
    expect(rates.orderedSame / trials).toBeLessThanOrEqual(0.05);
  });

  it('is a pure function: the same counts give the same p-value', () => {
    const a = driftVerdict('js', [3, 4, 5, 6], [6, 5, 4, 3]);
    const b = driftVerdict('js', [3, 4, 5, 6], [6, 5, 4, 3]);
    expect(a.pValue).toBe(b.pValue);
    expect(() => driftVerdict('psi', [1, 2], [2, 1], { alpha: 0 })).toThrow(/alpha/);
    expect(() => driftVerdict('psi', [1, 2], [2, 1], { draws: 5 })).toThrow(/draws/);
  });

  it('keeps false alarms at the nominal level on same-distribution windows of 40 values', () => {
    const uniform = uniformSource(42);
    let alarms = 0;
    const trials = 100;
    for (let t = 0; t < trials; t++) {
      const ref = Array.from({ length: 40 }, uniform);
      const cur = Array.from({ length: 40 }, uniform);
      const edges = quantileEdges(ref);
      if (driftVerdict('psi', binCounts(edges, ref), binCounts(edges, cur)).drift) alarms++;
    }
    expect(alarms / trials).toBeLessThanOrEqual(0.05); // nominal 2.5 %; the band alone alarms ~100 %
  });
});

describe('learned threshold with a stated false-alarm rate', () => {
  it('takes the ⌈(1 − rate)(K + 1)⌉-th chunk value and needs enough chunks', () => {
    const values = Array.from({ length: 19 }, (_, i) => i + 1);
    expect(learnedQuantileThreshold('psi', values).threshold).toBe(19);
    expect(
      learnedQuantileThreshold('psi', [
        ...values,
        20,
        21,
        22,
        23,
        24,
        25,
        26,
        27,
        28,
        29,
        30,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        38,
        39,
      ]).threshold
    ).toBe(38);
    expect(() => learnedQuantileThreshold('psi', values.slice(1))).toThrow(/need at least 19/);
    expect(
      learnedQuantileThreshold(
        'chi2',
        values.map((v) => v / 100)
      ).threshold
    ).toBe(0.01);
  });

  it('reaches its nominal 5 % on fresh windows of the chunk size', () => {
    const uniform = uniformSource(7);
    const reference = Float64Array.from({ length: 40 * 200 }, uniform);
    const edges = quantileEdges(reference);
    const count = (v: ArrayLike<number>) => binCounts(edges, v);
    const scores = referenceChunkScores('psi', reference, 200, count);
    expect(scores).toHaveLength(40);
    const learned = learnedQuantileThreshold('psi', scores);
    const whole = count(reference);
    let alarms = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const window = Float64Array.from({ length: 200 }, uniform);
      if (learnedVerdict(psi(whole, count(window)), learned) === 'significant') alarms++;
    }
    expect(alarms / trials).toBeLessThan(0.1);
  });
});
