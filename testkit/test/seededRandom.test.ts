import { seededRandom } from '../src/seededRandom.ts';

describe('seededRandom', () => {
  it('repeats its sequence for a seed, differs across seeds, and treats seed 0 like seed 1', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    expect(take(0)).toEqual(take(1));
    // xorshift32 from state 1: 270369, 67634689, … (Marsaglia 2003, shifts 13/17/5).
    expect(take(1).slice(0, 2)).toEqual([270369 / 2 ** 32, 67634689 / 2 ** 32]);
  });

  it('stays in [0, 1) and looks uniform (mean ≈ 1/2, each tenth ≈ 10 %)', () => {
    const next = seededRandom(2463534242);
    const tenths = new Array<number>(10).fill(0);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      tenths[Math.floor(x * 10)]!++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    for (const c of tenths) expect(Math.abs(c / n - 0.1)).toBeLessThan(0.005);
  });
});
