/** Conversions of robust spreads to σ for normal data, shared by the forecasting models. */

/** 1.4826 × MAD estimates σ. */
export const MAD_TO_SIGMA = 1.4826;
/** √(π/2) × mean absolute deviation estimates σ. */
export const MEAN_ABS_TO_SIGMA = 1.2533;

/**
 * A model's scale, floored at 1e-9 of the level's magnitude and at 1e-12: a constant stretch has
 * spread 0, and z = distance / 0 would make the next wobble infinitely surprising.
 */
export function floorScale(scale: number, level: number): number {
  return Math.max(scale, 1e-9 * Math.abs(level), 1e-12);
}
