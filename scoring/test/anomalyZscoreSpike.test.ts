import { seededRandom } from '@sieve/testkit';
import { createDetector, scoreSeries } from '../src/index.ts';

const MINUTE = 60_000;
/** Onsets of 5-point, +12σ level anomalies, 300 to 1,500 points after the spike at 1,000. */
const ANOMALIES = [1300, 1600, 2000, 2500];

/** Unit-σ noise around 100 with the anomalies above, and optionally one spike of `spike` σ at point 1,000. */
function series(spike: number): { t: Float64Array; v: Float64Array } {
  const rand = seededRandom(7);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const n = 3000;
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1) + i * MINUTE);
  const v = Float64Array.from({ length: n }, (_, i) => {
    let x = 100 + gauss();
    if (i === 1000) x += spike;
    if (ANOMALIES.some((a) => i >= a && i < a + 5)) x += 12;
    return x;
  });
  return { t, v };
}

/** Highest score over each anomaly's 5 points. */
function peaks(score: Float64Array): number[] {
  return ANOMALIES.map((a) => Math.max(...score.subarray(a, a + 5)));
}

describe('zscore after one extreme value', () => {
  it.each([1e3, 1e6, 1e12])('still flags the anomalies that follow a %d σ spike', (spike) => {
    // cooldown 0: only the scale is under test, not the refractory damping after the spike's alarm.
    const score = (s: { t: Float64Array; v: Float64Array }) => scoreSeries('zscore', { cooldown: 0 }, s.t, s.v).score;
    const clean = score(series(0));
    const spiked = score(series(spike));
    expect(peaks(clean).every((p) => p >= 0.5)).toBe(true);
    // Before the fix the spike inflated the scale ~spike/287-fold and these scored 0.00–0.04.
    expect(peaks(spiked).every((p) => p >= 0.5)).toBe(true);
  });

  it('keeps its band width: the scale after the spike stays that of the noise', () => {
    const { t, v } = series(1e6);
    const d = createDetector('zscore');
    const widths: number[] = [];
    for (let i = 0; i < 1300; i++) {
      const p = d.update(t[i]!, v[i]!);
      if (i === 999 || i === 1001 || i === 1299) widths.push(p.upper - p.lower);
    }
    // band = ±3 scales; the noise's σ is 1, so about 6 wide before, just after and well after.
    for (const w of widths) expect(w).toBeGreaterThan(4);
    for (const w of widths) expect(w).toBeLessThan(8);
  });

  it('still learns a step out of a constant stretch (MAD = 0), so the new level stops alarming', () => {
    // 600 points at 5, then a square wave 5 ↔ 6 every 50 points: the MAD is 0 throughout, and only
    // the mean absolute deviation gives the scale.
    const n = 4000;
    const t = Float64Array.from({ length: n }, (_, i) => i * MINUTE);
    const v = Float64Array.from({ length: n }, (_, i) => (i < 600 || Math.floor(i / 50) % 2 === 0 ? 5 : 6));
    const r = scoreSeries('zscore', { cooldown: 0 }, t, v);
    const late = r.anomaly.subarray(3000).reduce((a, b) => a + b, 0);
    expect(late).toBe(0);
  });
});
