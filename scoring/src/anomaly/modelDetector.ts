import { AnomalyLikelihood } from './likelihood.ts';
import type { LikelihoodParams } from './likelihood.ts';
import type { AnomalyPoint, StreamingDetector } from './types.ts';

/**
 * A forecasting model: before seeing a point it predicts the value and a spread (σ-like scale);
 * then it learns the point. Models see only finite values, in non-decreasing time.
 */
export interface Model {
  /** Writes `expected` and `scale` for time t; returns false while the model cannot forecast. */
  forecast(t: number, out: Forecast): boolean;
  learn(t: number, x: number): void;
}

export interface Forecast {
  expected: number;
  scale: number;
}

/**
 * Shared behaviour of every detector:
 * - timestamps: a non-finite timestamp throws; a timestamp earlier than the latest one seen is
 *   treated as that latest time (late points are scored, never reordered);
 * - values: NaN or ±Infinity is a missing value: the output has score 0, anomaly false and the
 *   current forecast band, and no state changes;
 * - band = expected ± bandWidth · scale; the flag comes from the score (≥ alarm).
 */
export class ModelDetector implements StreamingDetector {
  private lastT = -Infinity;
  private readonly f: Forecast = { expected: NaN, scale: NaN };
  private readonly likelihood: AnomalyLikelihood;
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
  }

  /** Robust z of the point and the forecast, without the likelihood (the ensemble uses this). */
  step(timestampMs: number, value: number, out: Forecast): number {
    if (!Number.isFinite(timestampMs))
      throw new RangeError(`${this.name}: timestamp must be finite, got ${timestampMs}`);
    const t = timestampMs > this.lastT ? timestampMs : this.lastT;
    this.lastT = t;
    const f = out;
    if (!this.model.forecast(t, f)) {
      f.expected = NaN;
      f.scale = NaN;
    }
    if (!Number.isFinite(value)) return NaN;
    const z = (value - f.expected) / f.scale;
    this.model.learn(t, value);
    return z;
  }

  update(timestampMs: number, value: number): AnomalyPoint {
    const f = this.f;
    const z = this.step(timestampMs, value, f);
    const half = this.bandWidth * f.scale;
    if (!Number.isFinite(value)) {
      return { score: 0, expected: f.expected, lower: f.expected - half, upper: f.expected + half, anomaly: false };
    }
    const score = this.likelihood.score(z);
    return {
      score,
      expected: f.expected,
      lower: f.expected - half,
      upper: f.expected + half,
      anomaly: score >= this.alarm,
    };
  }
}
