import type { Forecast, Model } from './modelDetector.ts';
import { floorScale, MEAN_ABS_TO_SIGMA } from './scale.ts';
import type { ParamSpec } from './types.ts';

const DAY_MS = 86_400_000;

export const SEASONAL_PARAMS = {
  bucketMinutes: { default: 10, min: 1, max: 1440, description: 'Phase bucket width in minutes.' },
  tolerance: {
    default: 2,
    min: 0,
    max: 100,
    description: 'Neighbouring buckets on each side that also count as the same phase (timing jitter).',
  },
  spreadHalfLife: { default: 200, min: 1, max: 1_000_000, description: 'Half-life of the residual spread, in points.' },
} satisfies Record<string, ParamSpec>;

/**
 * Seasonal bands: the reference is the range [min, max] of the values seen at the same phase one
 * day back and one week back, widened by `tolerance` buckets either side so a daily job that runs
 * a few minutes late is still "the same phase". The residual is the distance from that range (0
 * inside it); the scale is its exponentially weighted mean absolute size, but at least half the
 * typical width of the range. Timestamps are bucketed by absolute time, so irregular sampling and
 * gaps just leave buckets empty. Memory: one week of buckets (min, max and the bucket number per
 * slot).
 */
export class SeasonalModel implements Model {
  private readonly bucketMs: number;
  private readonly slots: number;
  private readonly daySlots: number;
  private readonly tolerance: number;
  /** Per slot: min and max of the values in its most recent bucket, and that bucket's number. */
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly bucketOf: Float64Array;
  private readonly alpha: number;
  private meanAbs = NaN;
  private meanWidth = NaN;
  private n = 0;
  /** Bucket whose reference refLo/refHi hold, and its slot (learn writes there). */
  private refK = NaN;
  private refSlot = 0;
  private refLo = NaN;
  private refHi = NaN;

  constructor(p: Record<keyof typeof SEASONAL_PARAMS, number>) {
    this.bucketMs = Math.round(p.bucketMinutes * 60_000);
    this.daySlots = Math.max(1, Math.round(DAY_MS / this.bucketMs));
    this.tolerance = Math.min(Math.round(p.tolerance), Math.floor(this.daySlots / 2));
    // One week plus the tolerance, so the week-ago neighbours are not yet overwritten.
    this.slots = 7 * this.daySlots + this.tolerance + 1;
    this.lo = new Float64Array(this.slots);
    this.hi = new Float64Array(this.slots);
    this.bucketOf = new Float64Array(this.slots).fill(NaN);
    this.alpha = 1 - Math.pow(0.5, 1 / p.spreadHalfLife);
  }

  private slot(k: number): number {
    return ((k % this.slots) + this.slots) % this.slots;
  }

  /** Slot of bucket c given the slot s of bucket c + d (0 ≤ d < slots): integer wrap instead of a float modulo. */
  private back(s: number, d: number): number {
    const r = s - d;
    return r < 0 ? r + this.slots : r;
  }

  /** Sets refLo/refHi to the range at the same phase a day and a week back; false if none. */
  private reference(t: number): boolean {
    // Every point of one bucket has the same reference: the buckets it reads are all older than
    // its own, and only the newest bucket is ever written (time does not go back), so compute it
    // once per bucket. A late bucket (after a missing value's forecast) just recomputes.
    const k = Math.floor(t / this.bucketMs);
    if (k === this.refK) return this.refLo <= this.refHi;
    this.refK = k;
    const sk = this.slot(k);
    this.refSlot = sk;
    const tol = this.tolerance;
    const bucketOf = this.bucketOf;
    let lo = Infinity;
    let hi = -Infinity;
    for (let back = this.daySlots; back <= 7 * this.daySlots; back += 6 * this.daySlots) {
      const c = k - back;
      const sc = this.back(sk, back);
      if (bucketOf[sc] === c) {
        lo = Math.min(lo, this.lo[sc]!);
        hi = Math.max(hi, this.hi[sc]!);
      }
      // Neighbours count in symmetric pairs only, so a gap on one side cannot skew the range.
      for (let j = 1; j <= tol && c + j < k; j++) {
        const a = this.back(sc, j);
        const b = this.back(sc, this.slots - j);
        if (bucketOf[a] !== c - j || bucketOf[b] !== c + j) continue;
        lo = Math.min(lo, this.lo[a]!, this.lo[b]!);
        hi = Math.max(hi, this.hi[a]!, this.hi[b]!);
      }
    }
    this.refLo = lo;
    this.refHi = hi;
    return lo <= hi;
  }

  forecast(t: number, out: Forecast): boolean {
    if (!this.reference(t) || this.n < 16) return false;
    out.expected = 0.5 * (this.refLo + this.refHi);
    out.low = this.refLo;
    out.high = this.refHi;
    // At least the typical half-width of the same-phase range: being just outside a phase that
    // varies a lot is not surprising (most residuals are 0, so their mean alone is tiny).
    const halfWidth = 0.5 * this.meanWidth;
    out.scale = floorScale(Math.max(MEAN_ABS_TO_SIGMA * this.meanAbs, halfWidth), out.expected);
    return true;
  }

  /** Distance from the seasonal range (0 inside), signed; NaN without a reference. */
  residual(t: number, x: number): number {
    if (!this.reference(t)) return NaN;
    return x < this.refLo ? x - this.refLo : x > this.refHi ? x - this.refHi : 0;
  }

  learn(t: number, x: number): void {
    const d = Math.abs(this.residual(t, x));
    if (!Number.isNaN(d)) {
      this.n++;
      const a = Math.max(this.alpha, 1 / this.n);
      this.meanAbs = Number.isNaN(this.meanAbs) ? d : this.meanAbs + a * (d - this.meanAbs);
      const width = this.refHi - this.refLo;
      this.meanWidth = Number.isNaN(this.meanWidth) ? width : this.meanWidth + a * (width - this.meanWidth);
    }
    const k = Math.floor(t / this.bucketMs);
    // residual() above has just looked up this bucket's reference: its slot is known.
    const s = k === this.refK ? this.refSlot : this.slot(k);
    if (this.bucketOf[s] !== k) {
      this.bucketOf[s] = k;
      this.lo[s] = x;
      this.hi[s] = x;
    } else {
      if (x < this.lo[s]!) this.lo[s] = x;
      if (x > this.hi[s]!) this.hi[s] = x;
    }
  }
}
