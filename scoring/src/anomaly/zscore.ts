import type { Forecast, Model } from './modelDetector.ts';
import { RollingOrderStats } from './rollingOrderStats.ts';
import { floorScale, MAD_TO_SIGMA, MEAN_ABS_TO_SIGMA } from './scale.ts';
import type { ParamSpec } from './types.ts';

export const ZSCORE_PARAMS = {
  window: { default: 287, min: 8, max: 100_000, description: 'Points in the rolling median/MAD window.' },
} satisfies Record<string, ParamSpec>;

/**
 * A deviation feeds the mean absolute deviation at most this many current scales (as EWMA and
 * Holt-Winters clip their errors), or the window's own trimmed spread if that is wider.
 */
const SCALE_CLIP = 4;

/**
 * Robust rolling z-score: expected = window median, scale = 1.4826 × MAD. When more than half the
 * window sits on one value the MAD is 0, so the scale is floored at half the (slow, exponentially
 * weighted) mean absolute deviation from the median; steps and square waves then get a finite z.
 * That mean learns winsorised deviations, so one huge spike cannot inflate the scale and blind the
 * detector to the anomalies that follow it.
 */
export class MedianMadModel implements Model {
  private readonly stats: RollingOrderStats;
  private readonly minPoints: number;
  private meanAbs = 0;
  private n = 0;
  /** The scale of the last forecast, valid until the next learn (forecast always comes first). */
  private scale = NaN;

  constructor(p: Record<keyof typeof ZSCORE_PARAMS, number>) {
    const w = Math.round(p.window);
    this.stats = new RollingOrderStats(w);
    this.minPoints = Math.min(w, 16);
  }

  forecast(_t: number, out: Forecast): boolean {
    if (this.stats.size < this.minPoints) return false;
    const m = this.stats.median();
    out.expected = m;
    out.low = out.expected;
    out.high = out.expected;
    out.scale = floorScale(Math.max(MAD_TO_SIGMA * this.stats.mad(m), 0.5 * MEAN_ABS_TO_SIGMA * this.meanAbs), m);
    this.scale = out.scale;
    return true;
  }

  /**
   * Largest deviation from the median m that the mean absolute deviation learns: SCALE_CLIP scales,
   * or the distance to the window's second smallest or second largest value when that is wider.
   * The second term lets a step out of a constant stretch (MAD and scale ≈ 0) be learned from its
   * third point on; a lone spike (or two) lies beyond it. Infinite while there is no forecast. O(1).
   * Trimming more (1 % each side) cost the zscore detector 4 NAB LOCO points; one each side costs
   * 0.8 and raises its worst fold.
   */
  private bound(m: number): number {
    const size = this.stats.size;
    if (Number.isNaN(this.scale) || size < 3) return Infinity;
    const trimmed = Math.max(m - this.stats.select(1), this.stats.select(size - 2) - m);
    return Math.max(SCALE_CLIP * this.scale, trimmed);
  }

  learn(_t: number, x: number): void {
    if (this.stats.size > 0) {
      const m = this.stats.median();
      const d = Math.min(Math.abs(x - m), this.bound(m));
      this.n++;
      this.meanAbs += (d - this.meanAbs) / Math.min(this.n, this.stats.capacity);
    }
    this.scale = NaN;
    this.stats.push(x);
  }
}
