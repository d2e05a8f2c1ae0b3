import { seededRandom } from '@sieve/testkit';
import { binCounts, psi, psiNoiseFloor, psiVerdict, quantileEdges } from '../../src/drift/index.ts';

describe('psi', () => {
  it('is 0 for identical proportions and symmetric', () => {
    expect(psi([10, 20, 30], [1, 2, 3])).toBe(0);
    expect(psi([10, 20, 30], [30, 20, 10])).toBeCloseTo(psi([30, 20, 10], [10, 20, 30]), 15);
  });

  it('matches the closed form Σ (q − p) ln(q / p)', () => {
    // p = (0.5, 0.5), q = (0.25, 0.75): (−0.25)·ln(0.5) + 0.25·ln(1.5) = 0.25·ln 3.
    expect(psi([1, 1], [1, 3])).toBeCloseTo(0.25 * Math.log(3), 14);
  });

  it('floors empty bins at epsilon (1e-4 by default)', () => {
    // p = (1, 0) → (1, 1e-4); q = (0.5, 0.5): −0.5·ln 0.5 + (0.5 − 1e-4)·ln(0.5 / 1e-4).
    const expected = -0.5 * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    expect(psi([4, 0], [2, 2])).toBeCloseTo(expected, 12);
    const e2 = -0.5 * Math.log(0.5) + (0.5 - 1e-2) * Math.log(0.5 / 1e-2);
    expect(psi([4, 0], [2, 2], { emptyBins: { kind: 'epsilon', epsilon: 1e-2 } })).toBeCloseTo(e2, 12);
  });

  it('applies Laplace smoothing', () => {
    // α = 1: p = (5/6, 1/6), q = (3/6, 3/6).
    const p = [5 / 6, 1 / 6];
    const q = [0.5, 0.5];
    const expected = (q[0]! - p[0]!) * Math.log(q[0]! / p[0]!) + (q[1]! - p[1]!) * Math.log(q[1]! / p[1]!);
    expect(psi([4, 0], [2, 2], { emptyBins: { kind: 'laplace' } })).toBeCloseTo(expected, 14);
  });

  it('rejects bad input with errors that name the field', () => {
    expect(() => psi([1, 2], [1, 2, 3])).toThrow(/reference has 2 bins but current has 3/);
    expect(() => psi([], [])).toThrow(/reference is empty/);
    expect(() => psi([1, -1], [1, 1])).toThrow(/reference\[1\] = -1/);
    expect(() => psi([1, 1], [NaN, 1])).toThrow(/current\[0\] = NaN/);
    expect(() => psi([1, 1], [Infinity, 1])).toThrow(/current\[0\] = Infinity/);
    expect(() => psi([0, 0], [1, 1])).toThrow(/reference has a zero total/);
    expect(() => psi([1], [1], { emptyBins: { kind: 'epsilon', epsilon: 0 } })).toThrow(/epsilon/);
    expect(() => psi([1], [1], { emptyBins: { kind: 'laplace', alpha: -1 } })).toThrow(/alpha/);
  });
});

describe('psiVerdict', () => {
  it.each([
    [0, 'stable'],
    [0.0999, 'stable'],
    [0.1, 'moderate'],
    [0.25, 'moderate'],
    [0.2501, 'significant'],
    [Infinity, 'significant'],
  ])('%p → %p', (value, verdict) => {
    expect(psiVerdict(value)).toBe(verdict);
  });

  it('throws on NaN', () => {
    expect(() => psiVerdict(NaN)).toThrow(/NaN/);
  });
});

describe('psiNoiseFloor', () => {
  it('predicts the mean PSI of two samples from one distribution', () => {
    // 200 pairs of 1,000 uniform values, 10 decile bins.
    const next = seededRandom(2463534242);
    const edges = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    let sum = 0;
    const pairs = 200;
    for (let r = 0; r < pairs; r++) {
      const a = binCounts(edges, Array.from({ length: 1000 }, next));
      const b = binCounts(edges, Array.from({ length: 1000 }, next));
      sum += psi(a, b);
    }
    const floor = psiNoiseFloor(10, 1000, 1000);
    expect(floor).toBeCloseTo(0.018, 12);
    expect(sum / pairs).toBeGreaterThan(floor * 0.85);
    expect(sum / pairs).toBeLessThan(floor * 1.15);
  });

  it('is too low below ~10 values per bin: the README figures (1.8–2.1× at 10–30 per side, 1.4× at 50)', () => {
    // 2,000 same-distribution pairs of normal samples per n, 10 bins from the reference sample.
    const next = seededRandom(1);
    const gauss = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
    const ratio = (n: number) => {
      let sum = 0;
      for (let r = 0; r < 2000; r++) {
        const a = Array.from({ length: n }, gauss);
        const b = Array.from({ length: n }, gauss);
        const edges = quantileEdges(a);
        sum += psi(binCounts(edges, a), binCounts(edges, b));
      }
      return sum / 2000 / psiNoiseFloor(10, n, n);
    };
    const measured = [10, 20, 30, 50, 100, 1000].map((n) => Math.round(ratio(n) * 100) / 100);
    expect(measured).toEqual([1.97, 2.07, 1.83, 1.36, 1.06, 1.0]);
  });

  it('rejects bad sizes', () => {
    expect(() => psiNoiseFloor(0, 1, 1)).toThrow(/bins/);
    expect(() => psiNoiseFloor(10, 0, 1)).toThrow(/referenceSize/);
  });
});

describe('the epsilon floor', () => {
  it('counts a bin rarer than epsilon as epsilon, so it weighs no more than an empty bin', () => {
    // Reference bin 1 holds 1 in 1e6 (< ε = 1e-4): floored to 1e-4, exactly like an empty bin.
    const p0 = 0.999999;
    const expected = (0.5 - p0) * Math.log(0.5 / p0) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    expect(psi([999_999, 1], [1, 1])).toBeCloseTo(expected, 12);
    expect(psi([999_999, 1], [1, 1])).toBeLessThan(psi([1_000_000, 0], [1, 1]) + 1e-9);
  });
});
