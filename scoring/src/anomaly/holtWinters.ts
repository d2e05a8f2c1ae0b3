import type { Forecast, Model } from './modelDetector.ts';
import { decayedAlpha, StepClock } from './stepClock.ts';
import { CLIP_PARAM } from './params.ts';
import { floorScale, MEAN_ABS_TO_SIGMA } from './scale.ts';
import type { ParamSpec } from './types.ts';

export const HOLTWINTERS_PARAMS = {
  alpha: { default: 0.1, min: 0.0001, max: 1, description: 'Level smoothing per typical step.' },
  beta: { default: 0.01, min: 0, max: 1, description: 'Trend smoothing per typical step.' },
  gamma: { default: 0.1, min: 0, max: 1, description: 'Seasonal smoothing per visit of a phase.' },
  periodHours: { default: 24, min: 0.01, max: 24 * 366, description: 'Season length in hours.' },
  bucketMinutes: { default: 10, min: 0.01, max: 1440, description: 'Phase bucket width in minutes.' },
  spreadHalfLife: { default: 200, min: 1, max: 1_000_000, description: 'Half-life of the residual spread, in points.' },
  ...CLIP_PARAM,
} satisfies Record<string, ParamSpec>;

/**
 * Additive Holt-Winters in error-correction form, with the season indexed by phase bucket of the
 * absolute timestamp (irregular sampling safe) and level/trend decay per typical step.
 *   forecast = level + trend·steps + season[phase]
 *   e = x − forecast; level += trend·steps + α e; trend += αβ e; season[phase] += γ(1−α) e
 * The scale is an exponentially weighted mean absolute forecast error (× √(π/2) ≈ σ). Errors are
 * clipped at `clip`·σ before updating (robust Holt-Winters, Gelper et al. 2010).
 */
export class HoltWintersModel implements Model {
  private readonly clock = new StepClock();
  private readonly season: Float64Array;
  private readonly bucketMs: number;
  private readonly alpha: number;
  private readonly beta: number;
  private readonly gamma: number;
  private readonly clip: number;
  private readonly spreadAlpha: number;
  private level = NaN;
  private trend = 0;
  private meanAbs = 0;
  private n = 0;

  constructor(p: Record<keyof typeof HOLTWINTERS_PARAMS, number>) {
    this.alpha = p.alpha;
    this.beta = p.beta;
    this.gamma = p.gamma;
    this.clip = p.clip;
    this.bucketMs = p.bucketMinutes * 60_000;
    this.season = new Float64Array(Math.max(1, Math.round((p.periodHours * 60) / p.bucketMinutes)));
    this.spreadAlpha = 1 - Math.pow(0.5, 1 / p.spreadHalfLife);
  }

  /** forecast(t) and learn(t) ask for the same phase and (the state unchanged in between) the same prediction. */
  private phaseT = NaN;
  private phaseOfT = 0;
  /** Bucket whose phase phaseOfK holds: the modulo is paid once per bucket, not per point. */
  private phaseK = NaN;
  private phaseOfK = 0;
  private predictedT = NaN;
  private predicted = NaN;

  private phase(t: number): number {
    if (t === this.phaseT) return this.phaseOfT;
    this.phaseT = t;
    const k = Math.floor(t / this.bucketMs);
    if (k !== this.phaseK) {
      const s = this.season.length;
      this.phaseK = k;
      this.phaseOfK = ((k % s) + s) % s;
    }
    this.phaseOfT = this.phaseOfK;
    return this.phaseOfT;
  }

  private predict(t: number): number {
    if (t === this.predictedT) return this.predicted;
    this.predictedT = t;
    this.predicted = this.level + this.trend * this.clock.stepsTo(t) + this.season[this.phase(t)]!;
    return this.predicted;
  }

  forecast(t: number, out: Forecast): boolean {
    if (this.n < 16) return false;
    out.expected = this.predict(t);
    out.low = out.expected;
    out.high = out.expected;
    out.scale = floorScale(MEAN_ABS_TO_SIGMA * this.meanAbs, this.level);
    return true;
  }

  learn(t: number, x: number): void {
    this.n++;
    const i = this.phase(t);
    if (Number.isNaN(this.level)) {
      this.level = x;
      this.clock.commit(t);
      this.predictedT = NaN;
      return;
    }
    const steps = this.clock.stepsTo(t);
    const raw = x - this.predict(t);
    const c = this.clip * MEAN_ABS_TO_SIGMA * this.meanAbs;
    const e = this.n > 16 && c > 0 ? Math.max(-c, Math.min(c, raw)) : raw;
    this.meanAbs += Math.max(this.spreadAlpha, 1 / this.n) * (Math.abs(e) - this.meanAbs);
    const a = decayedAlpha(this.alpha, steps);
    this.level += this.trend * steps + a * e;
    this.trend += a * this.beta * e;
    this.season[i]! += this.gamma * (1 - a) * e;
    this.clock.commit(t);
    this.predictedT = NaN;
  }
}
