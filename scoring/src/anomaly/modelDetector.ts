import { AnomalyLikelihood } from './likelihood.ts';
import { Refractory } from './refractory.ts';
import type { LikelihoodParams } from './likelihood.ts';
import type { AnomalyPoint, BatchScorer, ScoredSeries, StreamingDetector } from './types.ts';

/**
 * A forecasting model: before seeing a point it predicts the value and a spread (σ-like scale);
 * then it learns the point. Models see only finite values, in non-decreasing time.
 */
export interface Model {
  /** Writes the forecast for time t; returns false while the model cannot forecast. */
  forecast(t: number, out: Forecast): boolean;
  learn(t: number, x: number): void;
}

export interface Forecast {
  expected: number;
  /**
   * Range of values that are exactly as expected (residual 0): equal to `expected` for point
   * forecasts, wider for the seasonal model's "anything seen at this phase" range.
   */
  low: number;
  high: number;
  /** σ-like spread of residuals. */
  scale: number;
}

/** Signed distance of x from the forecast range, in scale units. */
function residualZ(x: number, f: Forecast): number {
  const d = x < f.low ? x - f.low : x > f.high ? x - f.high : 0;
  return d / f.scale;
}

/** Marks a forecast as unavailable. */
function clearForecast(f: Forecast): void {
  f.expected = NaN;
  f.low = NaN;
  f.high = NaN;
  f.scale = NaN;
}

/**
 * Shared behaviour of every detector:
 * - timestamps: a non-finite timestamp throws; a timestamp earlier than the latest one learned is
 *   treated as that latest time (late points are scored, never reordered);
 * - values: NaN or ±Infinity is a missing value: the output has score 0, anomaly false and the
 *   current forecast band, and no state changes;
 * - band = [low − bandWidth·scale, high + bandWidth·scale]; the flag is score ≥ alarm.
 */
export class ModelDetector implements StreamingDetector, BatchScorer {
  private lastT = -Infinity;
  private readonly f: Forecast = { expected: NaN, low: NaN, high: NaN, scale: NaN };
  private readonly likelihood: AnomalyLikelihood;
  private readonly refractory: Refractory;
  private readonly name: string;
  private readonly model: Model;
  private readonly bandWidth: number;
  private readonly alarm: number;

  constructor(name: string, model: Model, bandWidth: number, lp: LikelihoodParams) {
    this.name = name;
    this.model = model;
    this.bandWidth = bandWidth;
    this.alarm = lp.alarm;
    this.likelihood = new AnomalyLikelihood(lp);
    this.refractory = new Refractory(lp.alarm, lp.cooldown);
  }

  /** Forecasts, then learns a finite value; returns its z (NaN for a missing value). */
  private step(timestampMs: number, value: number, out: Forecast): number {
    if (!Number.isFinite(timestampMs))
      throw new RangeError(`${this.name}: timestamp must be finite, got ${timestampMs}`);
    const t = timestampMs > this.lastT ? timestampMs : this.lastT;
    const f = out;
    if (!this.model.forecast(t, f)) clearForecast(f);
    // A missing value leaves no trace, not even its timestamp: later points keep their own times.
    if (!Number.isFinite(value)) return NaN;
    this.lastT = t;
    const z = residualZ(value, f);
    this.model.learn(t, value);
    return z;
  }

  /**
   * Likelihood score of the point before the refractory damping (NaN for a missing value); writes
   * the forecast made for it into `out`. The ensemble combines these.
   */
  rawScore(timestampMs: number, value: number, out: Forecast): number {
    const z = this.step(timestampMs, value, out);
    return Number.isFinite(value) ? this.likelihood.score(z) : NaN;
  }

  update(timestampMs: number, value: number): AnomalyPoint {
    const f = this.f;
    const raw = this.rawScore(timestampMs, value, f);
    const half = this.bandWidth * f.scale;
    const score = Number.isNaN(raw) ? 0 : this.refractory.apply(raw);
    return { score, expected: f.expected, lower: f.low - half, upper: f.high + half, anomaly: score >= this.alarm };
  }

  scoreInto(timestampsMs: ArrayLike<number>, values: ArrayLike<number>, out: ScoredSeries): void {
    const f = this.f;
    for (let i = 0; i < values.length; i++) {
      const raw = this.rawScore(timestampsMs[i]!, values[i]!, f);
      const half = this.bandWidth * f.scale;
      const score = Number.isNaN(raw) ? 0 : this.refractory.apply(raw);
      out.score[i] = score;
      out.expected[i] = f.expected;
      out.lower[i] = f.low - half;
      out.upper[i] = f.high + half;
      out.anomaly[i] = score >= this.alarm ? 1 : 0;
    }
  }
}
