/**
 * How empty bins are handled by the log-based measures (PSI, KL), where a zero proportion would
 * make the value infinite.
 *
 * - `epsilon` (the default, ε = 1e-4 as in Evidently): proportions are floored at ε, so an empty bin
 *   counts as ε and a bin rarer than ε counts no more than an empty one. Nothing is renormalised, so
 *   identical inputs still give 0.
 * - `laplace` (Phoenix's choice, α = 1): every bin gets α pseudo-counts before normalising,
 *   p_i = (c_i + α) / (N + α·k).
 */
export type EmptyBinPolicy = { kind: 'epsilon'; epsilon?: number } | { kind: 'laplace'; alpha?: number };

export const DEFAULT_EPSILON = 1e-4;
export const DEFAULT_LAPLACE_ALPHA = 1;
export const DEFAULT_EMPTY_BINS: EmptyBinPolicy = { kind: 'epsilon', epsilon: DEFAULT_EPSILON };

/**
 * A policy resolved to two numbers so that the hot loops allocate nothing:
 * p_i = max((c_i + add) / (N + add·k), floor).
 */
export interface Smoothing {
  add: number;
  floor: number;
}

export function resolveEmptyBins(measure: string, policy: EmptyBinPolicy = DEFAULT_EMPTY_BINS): Smoothing {
  if (policy.kind === 'epsilon') {
    const epsilon = policy.epsilon ?? DEFAULT_EPSILON;
    if (!(epsilon > 0 && epsilon < 1)) throw new Error(`${measure}: emptyBins.epsilon = ${epsilon} must be in (0, 1)`);
    return { add: 0, floor: epsilon };
  }
  if (policy.kind === 'laplace') {
    const alpha = policy.alpha ?? DEFAULT_LAPLACE_ALPHA;
    if (!(alpha > 0 && alpha < Infinity))
      throw new Error(`${measure}: emptyBins.alpha = ${alpha} must be a positive number`);
    return { add: alpha, floor: 0 };
  }
  throw new Error(`${measure}: emptyBins.kind must be 'epsilon' or 'laplace'`);
}

/** The smoothed proportion of one bin. */
export function smoothedProportion(count: number, total: number, bins: number, s: Smoothing): number {
  const p = (count + s.add) / (total + s.add * bins);
  return p < s.floor ? s.floor : p;
}
