/** Verdicts that respect sample size: material (band) AND real (beyond sampling noise). */
import {
  binCounts,
  chiSquareCritical,
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
    expect(v).toMatchObject({ referenceSize: 30, currentSize: 30, effectiveSize: 15, bins: 10, alpha: 0.01 });
    expect(v.noiseFloor).toBeGreaterThan(v.value);
    expect(v.pValue).toBeGreaterThan(0.01);
  });

  it('flags a material shift between large windows, with the χ² limit', () => {
    const ref = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000];
    const cur = [300, 500, 700, 900, 1000, 1100, 1200, 1300, 1400, 1600];
    const v = driftVerdict('psi', ref, cur);
    expect(v).toMatchObject({ method: 'asymptotic', band: 'moderate', real: true, verdict: 'moderate', drift: true });
    expect(v.pValue).toBeLessThan(1e-10);
    // The typical noise is (k − 1)(1/n + 1/m), the critical value χ²_0.99(9) · (1/n + 1/m).
    expect(v.expectedNoise).toBeCloseTo(9 * (2 / 10_000), 12);
    expect(v.noiseFloor).toBeCloseTo(chiSquareCritical(9, 0.01) / 5000, 12);
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
    expect(alarms / trials).toBeLessThanOrEqual(0.03); // nominal 1 %; the band alone alarms ~100 %
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
