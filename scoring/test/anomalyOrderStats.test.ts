import { seededRandom } from '@sieve/testkit';
import { RollingOrderStats } from '../src/anomaly/index.ts';

function bruteMedian(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
}

describe('RollingOrderStats', () => {
  it.each([1, 2, 5, 8, 33, 64])('matches a sort-based median and MAD at every step (window %i)', (w) => {
    const rand = seededRandom(w);
    const st = new RollingOrderStats(w);
    const recent: number[] = [];
    for (let i = 0; i < 600; i++) {
      // Stretches of values on a coarse grid (many ties) stress equal keys.
      const x = i % 97 < 40 ? Math.round(rand() * 6) : rand() * 100 - 50;
      st.push(x);
      recent.push(x);
      if (recent.length > w) recent.shift();
      const m = bruteMedian(recent);
      expect(st.size).toBe(recent.length);
      expect(st.median()).toBe(m);
      expect(st.mad(m)).toBeCloseTo(bruteMedian(recent.map((v) => Math.abs(v - m))), 12);
    }
  });

  it('MAD about a point other than the median is the median of distances to it', () => {
    const st = new RollingOrderStats(7);
    for (const x of [1, 2, 3, 10, 11, 12, 40]) st.push(x);
    // |x - 10| = 9 8 7 0 1 2 30 → sorted 0 1 2 7 8 9 30 → 7
    expect(st.mad(10)).toBe(7);
    expect(st.mad(100)).toBe(90);
  });

  it('is empty-safe and rejects a bad capacity', () => {
    const st = new RollingOrderStats(3);
    expect(st.median()).toBeNaN();
    expect(st.mad(0)).toBeNaN();
    expect(() => new RollingOrderStats(0)).toThrow(/capacity/);
    expect(() => new RollingOrderStats(2.5)).toThrow(/capacity/);
  });
});
