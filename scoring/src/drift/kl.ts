import { pairTotals } from './counts.ts';
import { type EmptyBinPolicy, resolveEmptyBins, smoothedProportion } from './emptyBins.ts';

export interface KlOptions {
  /** Default: `{ kind: 'epsilon', epsilon: 1e-4 }`. */
  emptyBins?: EmptyBinPolicy;
}

/**
 * Kullback–Leibler divergence KL(reference ‖ current) = Σ p_i · ln(p_i / q_i), in nats (the
 * direction and base of Evidently's `kl_div` and `scipy.stats.entropy(p, q)`). Inputs are bin
 * counts; empty bins follow `options.emptyBins`, so the result is always finite.
 *
 * After smoothing, both vectors are RENORMALISED to sum to 1, as `scipy.stats.entropy` does with
 * whatever it is given: the result equals `scipy.stats.entropy(p̃, q̃)` for the smoothed
 * proportions p̃, q̃ (with the default ε policy, p̃ = max(p, ε)). This keeps KL ≥ 0 (Gibbs), which
 * unnormalised smoothed proportions do not guarantee. PSI is NOT renormalised (Evidently's PSI is not
 * either), so KL with empty bins is not exactly half of the PSI's log-ratio sum.
 *
 * @throws Error on mismatched lengths, empty vectors, negative/NaN/infinite counts or zero totals.
 */
export function kl(reference: ArrayLike<number>, current: ArrayLike<number>, options: KlOptions = {}): number {
  const [refTotal, curTotal] = pairTotals('kl', reference, current);
  const s = resolveEmptyBins('kl', options.emptyBins);
  const k = reference.length;
  let refMass = 0;
  let curMass = 0;
  for (let i = 0; i < k; i++) {
    refMass += smoothedProportion(reference[i] as number, refTotal, k, s);
    curMass += smoothedProportion(current[i] as number, curTotal, k, s);
  }
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const p = smoothedProportion(reference[i] as number, refTotal, k, s) / refMass;
    const q = smoothedProportion(current[i] as number, curTotal, k, s) / curMass;
    sum += p * Math.log(p / q);
  }
  // Rounding can leave a tiny negative value for identical inputs.
  return sum > 0 ? sum : 0;
}
