/**
 * Regression tests for the precision and range fixes of issue 14: scale-free normalised
 * Wasserstein, KL with empty bins as scipy.stats.entropy, overflowing totals, and JS near zero.
 */
import {
  binCounts,
  chiSquare,
  hellinger,
  jensenShannon,
  kl,
  normalizedWasserstein,
  psi,
  quantileEdges,
} from '../../src/drift/index.ts';

/** A deterministic, roughly normal sample (sum of 12 uniforms from a fixed hash). */
function normalSample(size: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float64Array.from({ length: size }, () => {
    let u = 0;
    for (let i = 0; i < 12; i++) u += uniform();
    return u - 6;
  });
}

describe('normalised Wasserstein is scale-free', () => {
  it('gives the same value for a +1σ shift at σ = 1e-8, 1e-4, 1 and 1e6', () => {
    const ref = normalSample(5_000, 1);
    const cur = normalSample(5_000, 2).map((v) => v + 1);
    const at = (sigma: number) => {
      const r = ref.map((v) => v * sigma);
      const c = cur.map((v) => v * sigma);
      const edges = quantileEdges(r);
      return normalizedWasserstein(binCounts(edges, r), binCounts(edges, c), edges);
    };
    const unit = at(1);
    expect(unit).toBeGreaterThan(0.8); // binned W1 of a 1σ shift, over the reference σ
    expect(unit).toBeLessThan(1.1);
    for (const sigma of [1e-8, 1e-4, 1e6]) expect(Math.abs(at(sigma) / unit - 1)).toBeLessThan(1e-9);
  });
});

describe('KL with empty bins', () => {
  it('equals scipy.stats.entropy of the ε-floored proportions (scipy renormalises; so do we)', () => {
    // scipy 1.17.1: entropy(np.maximum(ref/ref.sum(), 1e-4), np.maximum(cur/cur.sum(), 1e-4))
    expect(kl([50, 30, 20, 0, 0], [0, 10, 30, 40, 20])).toBeCloseTo(4.5044968611054, 12);
  });
  it('is never negative, even where flooring makes the unnormalised sum negative', () => {
    expect(kl([1, 0, 0, 0, 0, 0], [1, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9])).toBeGreaterThanOrEqual(0);
  });
});

describe('huge counts', () => {
  it('totals above 1.8e308 throw a clear error instead of PSI 8.5 for identical proportions', () => {
    const big = [1e308, 1e308, 1e308];
    expect(() => psi(big, big)).toThrow(/sum to more than 1.8e308/);
    expect(() => kl([1, 2, 3], big)).toThrow(/current counts sum to more than 1.8e308/);
  });
  it('chi-square on counts of 1e154 gives the right statistic and p-value, not "x = NaN"', () => {
    const same = chiSquare([1e154, 2e154], [1e154, 2e154]);
    expect(same.statistic).toBe(0);
    expect(same.pValue).toBe(1);
    const small = chiSquare([1, 2], [2, 1]);
    const huge = chiSquare([1e154, 2e154], [2e154, 1e154]);
    expect(Math.abs(huge.statistic / (small.statistic * 1e154) - 1)).toBeLessThan(1e-12);
    expect(huge.pValue).toBe(0);
    expect(chiSquare([1e300, 2e300], [2e300, 1e300], { test: 'goodness-of-fit' }).pValue).toBe(0);
  });
});

describe('Jensen–Shannon near zero', () => {
  // References from Python decimal arithmetic at 60 digits (scipy itself gives 3.0024726e-7 for the first).
  it('keeps relative precision for nearly equal inputs', () => {
    const a = jensenShannon([1e6, 1e6 + 1, 1e6 - 1, 1e6], [1e6, 1e6, 1e6, 1e6]);
    expect(Math.abs(a / 3.002806021966562e-7 - 1)).toBeLessThan(1e-9);
    const b = jensenShannon([1e9, 1e9 + 1, 1e9, 1e9], [1e9, 1e9, 1e9, 1e9]);
    expect(Math.abs(b / 1.8388356369038317e-10 - 1)).toBeLessThan(1e-6);
    expect(jensenShannon([3, 2, 1], [6, 4, 2])).toBe(0);
  });
  it('still matches far from zero, with empty bins', () => {
    expect(jensenShannon([3, 1, 0], [2, 2, 1])).toBeCloseTo(0.389402044274908, 14);
    expect(jensenShannon([1, 0], [0, 1])).toBe(1);
  });
  it('Hellinger is stable the same way', () => {
    expect(hellinger([3, 2, 1], [6, 4, 2])).toBe(0);
    const h = hellinger([1e6, 1e6 + 1, 1e6 - 1, 1e6], [1e6, 1e6, 1e6, 1e6]);
    // √(½ Σ (√p − √q)²) with p − q = ±2.5e-7 in two bins of 0.25: ½ · 2 · (2.5e-7)² / 1 = 6.25e-14.
    expect(Math.abs(h / Math.sqrt(6.25e-14) - 1)).toBeLessThan(1e-6);
  });
});
