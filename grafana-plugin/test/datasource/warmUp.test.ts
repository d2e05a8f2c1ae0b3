import { DETECTORS, scoreSeries } from '@sieve/scoring';
import { maskUnscored, pointsToScore, warmUpNotice } from '../../backend/src/datasource/warmUp.ts';

describe('warm-up masking', () => {
  it("needs the detector's warmup parameter + 1 points, the query's value first", () => {
    expect(pointsToScore('zscore', {})).toBe(DETECTORS.zscore.params['warmup']!.default + 1);
    expect(pointsToScore('ensemble', { warmup: 10 })).toBe(11);
    expect(pointsToScore('ewma', { warmup: 0 })).toBe(1);
  });

  it('keeps the score only where scoring had a band, a value and enough points', () => {
    const n = 60;
    const t = Array.from({ length: n }, (_, i) => i * 1000);
    const v = t.map((_, i) => (i === 40 ? NaN : 10 + Math.sin(i)));
    const params = { warmup: 30, window: 16 };
    const scored = scoreSeries('zscore', params, t, v);
    const masked = maskUnscored(v, scored, pointsToScore('zscore', params));
    expect(masked.seen).toBe(n - 1);
    for (let i = 0; i < n; i++) {
      // Scoring itself says 0 ("normal") at every one of these points.
      const real = i !== 40 && i >= 30 && !Number.isNaN(scored.lower[i]!);
      expect([i, masked.score[i]]).toEqual([i, real ? scored.score[i] : NaN]);
      expect([i, masked.anomaly[i]]).toEqual([i, real ? scored.anomaly[i] : NaN]);
    }
    expect(Array.from(scored.score.subarray(0, 30)).every((s) => s === 0)).toBe(true);
  });

  it('says which series lacks how many points, before or within the range, or lacks a band', () => {
    const s = (name: string, unscored: number, seen: number, seenBefore: number) => ({
      name,
      unscored,
      seen,
      seenBefore,
    });
    expect(warmUpNotice([s('a', 0, 500, 300)], 251)).toBeUndefined();
    expect(warmUpNotice([s('a', 20, 20, 0), s('b', 0, 500, 300)], 251)).toBe(
      'detector warming up: 20 of 251 points in a; none of its 20 points in the range has a score yet (null, not 0)'
    );
    expect(warmUpNotice([s('a', 5, 300, 246), s('b', 34, 289, 216)], 251)).toBe(
      'detector warming up: b had 216 of 251 points before the range (and 1 more series); its first 34 points in the range have no score (null, not 0)'
    );
    expect(warmUpNotice([s('a', 7, 900, 800)], 251)).toBe(
      'detector warming up: no band yet for 7 points of a in the range; the model needs more history (null, not 0)'
    );
  });
});
