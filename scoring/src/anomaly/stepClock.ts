/**
 * Turns irregular timestamps into a unit-free step count: how many "typical steps" lie between
 * the last learned point and time t. The typical step is an exponentially weighted mean of recent
 * gaps, each gap clamped to 4× the current estimate so one long outage does not redefine the
 * cadence. Models use it so that a gap of k steps decays their state like k regular points would.
 */
export class StepClock {
  private lastT = NaN;
  private typical = NaN;

  /** Steps from the last committed time to t (1 before the cadence is known, 0 for no time). */
  stepsTo(t: number): number {
    if (Number.isNaN(this.lastT) || Number.isNaN(this.typical)) return 1;
    const dt = t - this.lastT;
    return dt > 0 ? dt / this.typical : 0;
  }

  /** Records that a point was learned at t. */
  commit(t: number): void {
    if (!Number.isNaN(this.lastT)) {
      const dt = t - this.lastT;
      if (dt > 0)
        this.typical = Number.isNaN(this.typical)
          ? dt
          : this.typical + 0.05 * (Math.min(dt, 4 * this.typical) - this.typical);
    }
    this.lastT = t;
  }
}

/**
 * Smoothing weight after `steps` steps, for a per-step weight `alpha`: 1 - (1 - alpha)^steps.
 * A duplicate timestamp (0 steps) still carries a value, so it counts as one step.
 */
export function decayedAlpha(alpha: number, steps: number): number {
  if (steps === 1 || steps <= 0) return alpha;
  return 1 - Math.pow(1 - alpha, steps);
}
