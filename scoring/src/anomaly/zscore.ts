import type { Forecast, Model } from './modelDetector.ts';
import { RollingOrderStats } from './rollingOrderStats.ts';
import { floorScale, MAD_TO_SIGMA, MEAN_ABS_TO_SIGMA } from './scale.ts';
import type { ParamSpec } from './types.ts';

export const ZSCORE_PARAMS = {
  window: { default: 287, min: 8, max: 100_000, description: 'Points in the rolling median/MAD window.' },
} satisfies Record<string, ParamSpec>;

/**
 * Robust rolling z-score: expected = window median, scale = 1.4826 × MAD. When more than half the
 * window sits on one value the MAD is 0, so the scale is floored at half the (slow, exponentially
 * weighted) mean absolute deviation from the median; steps and square waves then get a finite z.
 */
export class MedianMadModel implements Model {
  private readonly stats: RollingOrderStats;
  private readonly minPoints: number;
  private meanAbs = 0;
  private n = 0;

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
    return true;
  }

  learn(_t: number, x: number): void {
    if (this.stats.size > 0) {
      const d = Math.abs(x - this.stats.median());
      this.n++;
      this.meanAbs += (d - this.meanAbs) / Math.min(this.n, this.stats.capacity);
    }
    this.stats.push(x);
  }
}
