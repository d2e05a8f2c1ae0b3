import type { Forecast, Model } from './modelDetector.ts';
import type { ParamSpec } from './types.ts';

const DAY_MS = 86_400_000;
const MEAN_ABS_TO_SIGMA = 1.2533;

export const SEASONAL_PARAMS = {
  bucketMinutes: {
    default: 10,
    min: 1,
    max: 1440,
    description: 'Phase bucket width in minutes; values in one bucket are averaged.',
  },
  spreadHalfLife: { default: 200, min: 1, max: 1_000_000, description: 'Half-life of the residual spread, in points.' },
} satisfies Record<string, ParamSpec>;

/**
 * Seasonal bands: the expected value is the mean of the same phase bucket one day back and one week
 * back (whichever exist). Timestamps are bucketed by absolute time, so irregular sampling and gaps
 * just leave buckets empty. Memory: one week of buckets (2 doubles + 1 int each).
 */
export class SeasonalModel implements Model {
  private readonly bucketMs: number;
  private readonly slots: number;
  private readonly daySlots: number;
  /** Per slot: the mean of the values seen in its last occupied bucket, and that bucket's number. */
  private readonly mean: Float64Array;
  private readonly bucketOf: Float64Array;
  private readonly count: Float64Array;
  private readonly alpha: number;
  private meanAbs = NaN;
  private n = 0;
  /** The value the slot held for bucket k - week, captured before bucket k overwrote it. */
  private weekAgoBucket = NaN;
  private weekAgoMean = NaN;

  constructor(p: Record<keyof typeof SEASONAL_PARAMS, number>) {
    this.bucketMs = Math.round(p.bucketMinutes * 60_000);
    this.daySlots = Math.max(1, Math.round(DAY_MS / this.bucketMs));
    this.slots = 7 * this.daySlots;
    this.mean = new Float64Array(this.slots);
    this.bucketOf = new Float64Array(this.slots).fill(NaN);
    this.count = new Float64Array(this.slots);
    this.alpha = 1 - Math.pow(0.5, 1 / p.spreadHalfLife);
  }

  private reference(t: number): number {
    const k = Math.floor(t / this.bucketMs);
    const dayK = k - this.daySlots;
    const daySlot = ((dayK % this.slots) + this.slots) % this.slots;
    const day = this.bucketOf[daySlot] === dayK ? this.mean[daySlot]! : NaN;
    const weekK = k - this.slots;
    const slot = ((k % this.slots) + this.slots) % this.slots;
    let week = NaN;
    if (this.bucketOf[slot] === weekK) week = this.mean[slot]!;
    else if (this.weekAgoBucket === weekK) week = this.weekAgoMean;
    if (Number.isNaN(day)) return week;
    if (Number.isNaN(week)) return day;
    return 0.5 * (day + week);
  }

  forecast(t: number, out: Forecast): boolean {
    const ref = this.reference(t);
    if (Number.isNaN(ref) || this.n < 16) return false;
    out.expected = ref;
    out.scale = Math.max(MEAN_ABS_TO_SIGMA * this.meanAbs, 1e-9 * Math.abs(ref), 1e-12);
    return true;
  }

  learn(t: number, x: number): void {
    const ref = this.reference(t);
    if (!Number.isNaN(ref)) {
      const d = Math.abs(x - ref);
      this.n++;
      this.meanAbs = Number.isNaN(this.meanAbs)
        ? d
        : this.meanAbs + Math.max(this.alpha, 1 / this.n) * (d - this.meanAbs);
    }
    const k = Math.floor(t / this.bucketMs);
    const slot = ((k % this.slots) + this.slots) % this.slots;
    if (this.bucketOf[slot] !== k) {
      this.weekAgoBucket = this.bucketOf[slot]!;
      this.weekAgoMean = this.mean[slot]!;
      this.bucketOf[slot] = k;
      this.mean[slot] = x;
      this.count[slot] = 1;
    } else {
      const c = ++this.count[slot]!;
      this.mean[slot]! += (x - this.mean[slot]!) / c;
    }
  }
}
