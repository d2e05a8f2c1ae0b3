/** Exact random counts under "no change", drawn bin by bin (the Monte Carlo nulls of large windows). */
import { driftVerdict, lnGamma, psi } from '../../src/drift/index.ts';
import {
  binomialDraw,
  dealOneByOne,
  dealPooled,
  drawFromShares,
  hypergeometricDraw,
  lnFactorial,
  pooledLabels,
} from '../../src/drift/nullCounts.ts';
import { countAtOrAbove } from '../../src/drift/tailCount.ts';
import { seededUniform } from '../../src/drift/random.ts';

const lnChoose = (n: number, k: number) => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

/** Largest |empirical − exact| probability over the support, from `draws` draws. */
function worstGap(draw: () => number, pmf: (x: number) => number, lo: number, hi: number, draws: number): number {
  const seen = new Float64Array(hi - lo + 1);
  let outside = 0;
  for (let d = 0; d < draws; d++) {
    const x = draw();
    if (x < lo || x > hi || !Number.isInteger(x)) outside++;
    else seen[x - lo]++;
  }
  expect(outside).toBe(0);
  let worst = 0;
  for (let x = lo; x <= hi; x++) worst = Math.max(worst, Math.abs((seen[x - lo] as number) / draws - pmf(x)));
  return worst;
}

describe('null counts', () => {
  it('computes ln(x!) on both sides of its table', () => {
    for (const x of [0, 1, 7, 255, 256, 1000, 123_456]) expect(lnFactorial(x)).toBeCloseTo(lnGamma(x + 1), 8);
    expect(Math.abs(lnFactorial(300) - lnGamma(301)) / lnGamma(301)).toBeLessThan(1e-14);
  });

  it('draws the hypergeometric distribution exactly, near and far from its mode', () => {
    const u = seededUniform(1);
    // 50k draws: a probability's standard error is at most 0.0023, so 0.009 is ~4 SE.
    for (const [population, marked, draws] of [
      [50, 12, 20],
      [40, 35, 30], // lower bound of the support above 0
      [5000, 4, 300], // a sparse bin of a large window
      [400, 200, 150],
    ] as const) {
      const pmf = (x: number) =>
        Math.exp(lnChoose(marked, x) + lnChoose(population - marked, draws - x) - lnChoose(population, draws));
      const lo = Math.max(0, draws - (population - marked));
      const hi = Math.min(marked, draws);
      expect(worstGap(() => hypergeometricDraw(u, population, marked, draws), pmf, lo, hi, 50_000)).toBeLessThan(0.009);
    }
    expect(hypergeometricDraw(u, 100, 0, 40)).toBe(0);
    expect(hypergeometricDraw(u, 100, 100, 40)).toBe(40);
    expect(hypergeometricDraw(u, 100, 30, 0)).toBe(0);
  });

  it('draws the binomial distribution exactly', () => {
    const u = seededUniform(2);
    for (const [trials, p] of [
      [30, 0.1],
      [500, 0.5],
      [10_000, 0.0004],
    ] as const) {
      const pmf = (x: number) => Math.exp(lnChoose(trials, x) + x * Math.log(p) + (trials - x) * Math.log1p(-p));
      expect(worstGap(() => binomialDraw(u, trials, p), pmf, 0, trials, 50_000)).toBeLessThan(0.009);
    }
    expect(binomialDraw(u, 10, 0)).toBe(0);
    expect(binomialDraw(u, 10, 1)).toBe(10);
  });

  it('deals pooled counts as a permutation does: totals kept, each bin hypergeometric', () => {
    const u = seededUniform(3);
    const pooled = [4000, 2500, 3400, 100, 0, 2];
    const side = new Float64Array(pooled.length);
    let broken = 0;
    let sparse = 0;
    let middle = 0;
    let middleSq = 0;
    const draws = 20_000;
    for (let d = 0; d < draws; d++) {
      dealPooled(u, pooled, 5000, side);
      if (side.reduce((a, b) => a + b, 0) !== 5000 || side.some((x, i) => x > (pooled[i] as number))) broken++;
      sparse += side[5] as number;
      middle += side[1] as number;
      middleSq += (side[1] as number) ** 2;
    }
    expect(broken).toBe(0);
    // Hypergeometric moments: mean K·D/N, variance K·(D/N)(1 − D/N)(N − K)/(N − 1); N = 10,002.
    const N = 10_002;
    expect(sparse / draws).toBeCloseTo((2 * 5000) / N, 1);
    const mean = (2500 * 5000) / N;
    const variance = (2500 * (5000 / N) * (1 - 5000 / N) * (N - 2500)) / (N - 1);
    expect(Math.abs(middle / draws - mean)).toBeLessThan((4 * Math.sqrt(variance)) / Math.sqrt(draws));
    expect(middleSq / draws - (middle / draws) ** 2).toBeCloseTo(variance, -1);
  });

  it('deals one by one as a permutation does: one label per observation, totals kept, each bin hypergeometric', () => {
    const pooled = [3, 0, 5, 2];
    const labels = pooledLabels(pooled);
    expect([...labels]).toEqual([0, 0, 0, 2, 2, 2, 2, 2, 3, 3]);
    const u = seededUniform(4);
    const side = new Float64Array(pooled.length);
    const draws = 20_000;
    let broken = 0;
    let first = 0;
    for (let d = 0; d < draws; d++) {
      dealOneByOne(u, labels, 4, side);
      if (side.reduce((a, b) => a + b, 0) !== 4 || side.some((x, i) => x > (pooled[i] as number))) broken++;
      first += side[0] as number;
    }
    expect(broken).toBe(0);
    // Bin 0 holds 3 of 10: hypergeometric mean 4·3/10, variance 4·0.3·0.7·6/9 = 0.56.
    expect(Math.abs(first / draws - 1.2)).toBeLessThan((4 * Math.sqrt(0.56)) / Math.sqrt(draws));
  });

  it('counts draws at or above a value, a value equal up to rounding included', () => {
    const sorted = Float64Array.from([0.1, 0.2, 0.30000000000000004, 0.5, 0.5, 2]);
    expect(countAtOrAbove(sorted, 0.1 + 0.2)).toBe(4);
    expect(countAtOrAbove(sorted, 0.3)).toBe(4);
    expect(countAtOrAbove(sorted, 0.5)).toBe(3);
    expect(countAtOrAbove(sorted, 3)).toBe(0);
    expect(countAtOrAbove(sorted, -1)).toBe(6);
    expect(countAtOrAbove(new Float64Array(0), 1)).toBe(0);
  });

  it('draws from shares: the total kept, zero shares never drawn, each bin binomial', () => {
    const u = seededUniform(4);
    const shares = [0.5, 0, 0.3, 0.2, 0];
    const out = new Float64Array(shares.length);
    let broken = 0;
    let third = 0;
    const draws = 20_000;
    for (let d = 0; d < draws; d++) {
      drawFromShares(u, shares, 2000, out);
      if (out.reduce((a, b) => a + b, 0) !== 2000 || out[1] !== 0 || out[4] !== 0) broken++;
      third += out[3] as number;
    }
    expect(broken).toBe(0);
    const sd = Math.sqrt(2000 * 0.2 * 0.8);
    expect(Math.abs(third / draws - 400)).toBeLessThan((4 * sd) / Math.sqrt(draws));
  });

  it('gives large windows with a sparse bin the permutation p-value of dealing one by one', () => {
    // 1,000 values per side, a 0.45 % top bin: Monte Carlo, dealt bin by bin. The reference p-value
    // comes from a plain Fisher–Yates permutation of the same pooled observations.
    const reference = [245, 251, 249, 253, 2];
    const current = [215, 262, 246, 270, 7];
    const verdict = driftVerdict('psi', reference, current, { draws: 1999 });
    expect(verdict.method).toBe('permutation');
    const labels: number[] = [];
    reference.forEach((c, i) => {
      for (let t = 0; t < c + (current[i] as number); t++) labels.push(i);
    });
    const u = seededUniform(99);
    let atLeast = 0;
    const draws = 1999;
    for (let d = 0; d < draws; d++) {
      const ref = [0, 0, 0, 0, 0];
      for (let t = 0; t < 1000; t++) {
        const j = t + Math.floor(u() * (labels.length - t));
        const label = labels[j] as number;
        labels[j] = labels[t] as number;
        labels[t] = label;
        ref[label]++;
      }
      const cur = reference.map((c, i) => c + (current[i] as number) - (ref[i] as number));
      if (psi(ref, cur) >= verdict.value - 1e-12) atLeast++;
    }
    const brute = (1 + atLeast) / (1 + draws);
    expect(brute).toBeGreaterThan(0.02); // a p-value with room on both sides
    expect(brute).toBeLessThan(0.5);
    // Two independent Monte Carlo estimates of the same p-value: within 4 standard errors.
    expect(Math.abs(verdict.pValue - brute)).toBeLessThan(4 * Math.sqrt((2 * brute * (1 - brute)) / draws));
  });
});
