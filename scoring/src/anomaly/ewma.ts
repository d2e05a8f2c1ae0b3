import type { Forecast, Model } from './modelDetector.ts';
import { decayedAlpha, StepClock } from './stepClock.ts';
import { CLIP_PARAM } from './params.ts';
import { floorScale } from './scale.ts';
import type { ParamSpec } from './types.ts';

export const EWMA_PARAMS = {
  halfLife: { default: 10, min: 0.5, max: 100_000, description: 'Half-life of the mean, in typical steps.' },
  spreadHalfLife: { default: 200, min: 1, max: 1_000_000, description: 'Half-life of the variance, in typical steps.' },
  ...CLIP_PARAM,
} satisfies Record<string, ParamSpec>;

/**
 * Exponentially weighted mean and variance. Decay is per typical step (StepClock), so a gap
 * forgets as much as the points it is missing. The variance tracks squared one-step forecast
 * errors, so it measures surprise rather than the series' own spread. Errors are clipped at
 * `clip`·σ before they update anything (robust exponential smoothing, Gelper et al. 2010), so a
 * lone spike barely moves the state while a lasting shift is still absorbed step by step.
 */
export class EwmaModel implements Model {
  private readonly clock = new StepClock();
  private readonly alphaMean: number;
  private readonly alphaVar: number;
  private readonly clip: number;
  private mean = NaN;
  private variance = 0;
  private n = 0;

  constructor(p: Record<keyof typeof EWMA_PARAMS, number>) {
    this.alphaMean = 1 - Math.pow(0.5, 1 / p.halfLife);
    this.alphaVar = 1 - Math.pow(0.5, 1 / p.spreadHalfLife);
    this.clip = p.clip;
  }

  forecast(_t: number, out: Forecast): boolean {
    if (this.n < 16) return false;
    out.expected = this.mean;
    out.low = out.expected;
    out.high = out.expected;
    out.scale = floorScale(Math.sqrt(this.variance), this.mean);
    return true;
  }

  learn(t: number, x: number): void {
    this.n++;
    const steps = this.clock.stepsTo(t);
    this.clock.commit(t);
    if (Number.isNaN(this.mean)) {
      this.mean = x;
      return;
    }
    // Clip the error so one spike neither drags the mean nor inflates the variance for long.
    const c = this.clip * Math.sqrt(this.variance);
    const raw = x - this.mean;
    const e = this.n > 16 && c > 0 ? Math.max(-c, Math.min(c, raw)) : raw;
    const av = Math.max(decayedAlpha(this.alphaVar, steps), 1 / this.n);
    this.variance = (1 - av) * this.variance + av * e * e;
    this.mean += decayedAlpha(this.alphaMean, steps) * e;
  }
}
