import type { Forecast } from './modelDetector.ts';
import { ModelDetector } from './modelDetector.ts';
import { Refractory } from './refractory.ts';
import type { LikelihoodParams } from './likelihood.ts';
import type { AnomalyPoint, BatchScorer, ScoredSeries, StreamingDetector } from './types.ts';

/** Weight of the newest error in each member's running forecast error (about 100 points). */
const ERROR_ALPHA = 0.01;

/**
 * Runs four models side by side on the same points, each through its own anomaly likelihood, and
 * combines their scores as max(zscore, seasonal, min(ewma, holtwinters)):
 * - the robust z-score (level) and the seasonal range (same phase a day/week back) are robust by
 *   construction, so either may raise an alarm alone;
 * - EWMA and Holt-Winters are smoothing forecasters whose individual mis-forecasts (after a spike,
 *   a trend turning) are common, so they count only when both agree.
 * One refractory period then applies to the combined score. The expected value and band shown
 * are those of the member that has forecast best lately (smallest exponentially weighted absolute
 * error, about the last 100 points), so a seasonal series shows its seasonal forecast.
 */
export class EnsembleDetector implements StreamingDetector, BatchScorer {
  private readonly z: ModelDetector;
  private readonly s: ModelDetector;
  private readonly e: ModelDetector;
  private readonly h: ModelDetector;
  private readonly forecasts: readonly [Forecast, Forecast, Forecast, Forecast];
  private readonly refractory: Refractory;
  private readonly bandWidth: number;
  private readonly alarm: number;
  /** Recent mean absolute error per member (NaN until it has forecast once). */
  private readonly error = new Float64Array(4).fill(NaN);
  /** The forecast shown for the latest point (set by advance). */
  private shown: Forecast;

  constructor(
    zscore: ModelDetector,
    seasonal: ModelDetector,
    ewma: ModelDetector,
    holtWinters: ModelDetector,
    bandWidth: number,
    lp: LikelihoodParams
  ) {
    this.z = zscore;
    this.s = seasonal;
    this.e = ewma;
    this.h = holtWinters;
    const blank = (): Forecast => ({ expected: NaN, low: NaN, high: NaN, scale: NaN });
    this.forecasts = [blank(), blank(), blank(), blank()];
    this.shown = this.forecasts[0];
    this.refractory = new Refractory(lp.alarm, lp.cooldown);
    this.bandWidth = bandWidth;
    this.alarm = lp.alarm;
  }

  /**
   * Scores one point: returns its score, or NaN for a missing value (score 0, never an anomaly),
   * and leaves the forecast to show in `shown`. update and scoreInto share it, so batch and
   * streaming give identical output.
   */
  private advance(timestampMs: number, value: number): number {
    const fs = this.forecasts;
    const fz = fs[0];
    const sz = this.z.rawScore(timestampMs, value, fz);
    const ss = this.s.rawScore(timestampMs, value, fs[1]);
    const se = this.e.rawScore(timestampMs, value, fs[2]);
    const sh = this.h.rawScore(timestampMs, value, fs[3]);
    const error = this.error;
    let f = fz;
    let best = Infinity;
    for (let i = 0; i < 4; i++) {
      const g = fs[i]!;
      if (Number.isNaN(g.expected)) continue;
      const err = error[i]!;
      if (f === fz && Number.isNaN(fz.expected)) f = g; // anyone beats nothing
      if (err < best) {
        best = err;
        f = g;
      }
    }
    this.shown = f;
    if (!Number.isFinite(value)) return NaN;
    for (let i = 0; i < 4; i++) {
      const g = fs[i]!;
      if (Number.isNaN(g.expected)) continue;
      const d = Math.abs(value - g.expected);
      const err = error[i]!;
      error[i] = Number.isNaN(err) ? d : err + ERROR_ALPHA * (d - err);
    }
    return this.refractory.apply(Math.max(sz, ss, Math.min(se, sh)));
  }

  update(timestampMs: number, value: number): AnomalyPoint {
    const score = this.advance(timestampMs, value);
    const f = this.shown;
    const half = this.bandWidth * f.scale;
    const missing = Number.isNaN(score);
    return {
      score: missing ? 0 : score,
      expected: f.expected,
      lower: f.low - half,
      upper: f.high + half,
      anomaly: !missing && score >= this.alarm,
    };
  }

  scoreInto(timestampsMs: ArrayLike<number>, values: ArrayLike<number>, out: ScoredSeries): void {
    const { score, expected, lower, upper, anomaly } = out;
    const bandWidth = this.bandWidth;
    const alarm = this.alarm;
    for (let i = 0; i < values.length; i++) {
      const s = this.advance(timestampsMs[i]!, values[i]!);
      const f = this.shown;
      const half = bandWidth * f.scale;
      expected[i] = f.expected;
      lower[i] = f.low - half;
      upper[i] = f.high + half;
      if (Number.isNaN(s)) continue; // score 0, not an anomaly (the arrays start zeroed)
      score[i] = s;
      anomaly[i] = s >= alarm ? 1 : 0;
    }
  }
}
