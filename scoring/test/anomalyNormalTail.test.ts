import { normalTailLog10 } from '../src/anomaly/normalTail.ts';

// Q(x) = P(Z > x) = erfc(x/√2)/2 from Python's math.erfc (accurate to a few ulp); the
// approximation's relative error is below 1.2e-7, i.e. about 5e-8 in log10.
const REFERENCE: [number, number][] = [
  [-1, 0.8413447460685429],
  [0, 0.5],
  [1, 0.15865525393145707],
  [3, 0.0013498980316300957],
  [5, 2.866515718791946e-7],
  [10, 7.619853024160593e-24],
];

describe('normalTailLog10', () => {
  it.each(REFERENCE)('log10 Q(%d) matches the reference value', (x, q) => {
    expect(Math.abs(normalTailLog10(x) - Math.log10(q))).toBeLessThan(1e-7);
  });

  it('stays finite far in the tail, where Q itself underflows', () => {
    // ln Q(x) ≈ −x²/2 − ln(x√(2π)) for large x.
    const x = 40;
    const asymptotic = (-(x * x) / 2 - Math.log(x * Math.sqrt(2 * Math.PI))) / Math.LN10;
    expect(normalTailLog10(x)).toBeCloseTo(asymptotic, 2);
  });
});
