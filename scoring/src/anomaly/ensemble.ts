import type { Forecast } from './modelDetector.ts';
import { ModelDetector } from './modelDetector.ts';
import { Refractory } from './refractory.ts';
import type { LikelihoodParams } from './likelihood.ts';
import type { AnomalyPoint, StreamingDetector } from './types.ts';

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
export class EnsembleDetector implements StreamingDetector {
  private readonly members: readonly [ModelDetector, ModelDetector, ModelDetector, ModelDetector];
  private readonly forecasts: Forecast[];
  private readonly refractory: Refractory;
  private readonly bandWidth: number;
  private readonly alarm: number;
  /** Recent mean absolute error per member (NaN until it has forecast once). */
  private readonly error = new Float64Array(4).fill(NaN);

  constructor(
    zscore: ModelDetector,
    seasonal: ModelDetector,
    ewma: ModelDetector,
    holtWinters: ModelDetector,
    bandWidth: number,
    lp: LikelihoodParams
  ) {
    this.members = [zscore, seasonal, ewma, holtWinters];
    this.forecasts = this.members.map(() => ({ expected: NaN, low: NaN, high: NaN, scale: NaN }));
    this.refractory = new Refractory(lp.alarm, lp.cooldown);
    this.bandWidth = bandWidth;
    this.alarm = lp.alarm;
  }

  update(timestampMs: number, value: number): AnomalyPoint {
    const [fz, fs, fe, fh] = this.forecasts as [Forecast, Forecast, Forecast, Forecast];
    const [z, s, e, h] = this.members;
    const sz = z.rawScore(timestampMs, value, fz);
    const ss = s.rawScore(timestampMs, value, fs);
    const se = e.rawScore(timestampMs, value, fe);
    const sh = h.rawScore(timestampMs, value, fh);
    let f = fz;
    let best = Infinity;
    for (let i = 0; i < 4; i++) {
      const g = this.forecasts[i]!;
      if (Number.isNaN(g.expected)) continue;
      const err = this.error[i]!;
      if (f === fz && Number.isNaN(fz.expected)) f = g; // anyone beats nothing
      if (err < best) {
        best = err;
        f = g;
      }
    }
    const half = this.bandWidth * f.scale;
    const point = { score: 0, expected: f.expected, lower: f.low - half, upper: f.high + half, anomaly: false };
    if (!Number.isFinite(value)) return point;
    for (let i = 0; i < 4; i++) {
      const g = this.forecasts[i]!;
      if (Number.isNaN(g.expected)) continue;
      const d = Math.abs(value - g.expected);
      const err = this.error[i]!;
      this.error[i] = Number.isNaN(err) ? d : err + ERROR_ALPHA * (d - err);
    }
    point.score = this.refractory.apply(Math.max(sz, ss, Math.min(se, sh)));
    point.anomaly = point.score >= this.alarm;
    return point;
  }
}
