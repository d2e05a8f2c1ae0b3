/** Anderson–Darling's large-sample null: the O(k) traces and the three-moment tail. */
import { andersonDarlingLimit, andersonDarlingLimitSurvival, limitTraces } from '../../src/drift/andersonDarling.ts';

/** tr((WC)^r) for r = 1..3 by the definition, O(k³): W the weights, C the Brownian bridge covariance. */
function bruteTraces(pooled: number[]): { c1: number; c2: number; c3: number } {
  const w: number[] = [];
  const a: number[] = [];
  let h = 0;
  for (let j = 0; j < pooled.length - 1; j++) {
    h += pooled[j] as number;
    if ((pooled[j] as number) > 0 && h < 1 - 1e-15) {
      w.push((pooled[j] as number) / (h * (1 - h)));
      a.push(h);
    }
  }
  const m = (i: number, j: number) =>
    (w[i] as number) * Math.min(a[i] as number, a[j] as number) * (1 - Math.max(a[i] as number, a[j] as number));
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  for (let i = 0; i < w.length; i++) {
    c1 += m(i, i);
    for (let j = 0; j < w.length; j++) {
      c2 += m(i, j) * m(j, i);
      for (let l = 0; l < w.length; l++) c3 += m(i, j) * m(j, l) * m(l, i);
    }
  }
  return { c1, c2, c3 };
}

describe('Anderson–Darling limit', () => {
  it('computes the traces of W·C in one pass, equal to the definition', () => {
    for (const pooled of [
      [0.05, 0.2, 0, 0.1, 0.3, 0.15, 0.2],
      [0.5, 0.5],
      [0, 0.25, 0.25, 0.25, 0.25, 0],
    ]) {
      const fast = limitTraces(pooled);
      const slow = bruteTraces(pooled);
      expect(fast.c1).toBeCloseTo(slow.c1, 12);
      expect(fast.c2).toBeCloseTo(slow.c2, 12);
      expect(fast.c3).toBeCloseTo(slow.c3, 12);
    }
  });

  it('gives the p-values of the simulated limit around the verdict level', () => {
    for (const pooled of [Array<number>(10).fill(0.1), [0.5, 0.3, 0.1, 0.05, 0.05], [0.01, 0.01, 0.9, 0.04, 0.04]]) {
      const draws = andersonDarlingLimit(pooled, 100_000, 11);
      for (const q of [0.1, 0.05, 0.025, 0.01]) {
        const quantile = draws[Math.floor((1 - q) * draws.length)] as number;
        expect(Math.abs(andersonDarlingLimitSurvival(pooled, quantile) - q)).toBeLessThan(0.15 * q);
      }
    }
  });

  it('matches the continuous Anderson–Darling distribution on fine bins', () => {
    // Exact asymptotic quantiles of A² (Anderson & Darling 1954): 2.492 at 5 %, 3.070 at 2.5 %.
    const fine = Array<number>(20_000).fill(1 / 20_000);
    expect(andersonDarlingLimitSurvival(fine, 2.492)).toBeCloseTo(0.05, 2);
    expect(andersonDarlingLimitSurvival(fine, 3.07)).toBeCloseTo(0.025, 2);
    expect(andersonDarlingLimitSurvival(fine, 0)).toBe(1);
    expect(andersonDarlingLimitSurvival(fine, Infinity)).toBe(0);
  });
});
