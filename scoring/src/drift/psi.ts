import { pairTotals } from './counts.ts';
import { type EmptyBinPolicy, resolveEmptyBins, smoothedProportion } from './emptyBins.ts';

export interface PsiOptions {
  /** Default: `{ kind: 'epsilon', epsilon: 1e-4 }`. */
  emptyBins?: EmptyBinPolicy;
}

/**
 * Population Stability Index of `current` against `reference`:
 * PSI = Σ (q_i − p_i) · ln(q_i / p_i), with p, q the bin proportions (natural log).
 *
 * Inputs are bin COUNTS over the same edges; they are normalised here, with empty bins handled by
 * `options.emptyBins`. PSI is symmetric in its two arguments (it is KL(p‖q) + KL(q‖p)).
 *
 * @throws Error if the vectors differ in length, are empty, contain a negative, NaN or infinite
 *   count, or sum to zero.
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): number {
  const [refTotal, curTotal] = pairTotals('psi', reference, current);
  const s = resolveEmptyBins('psi', options.emptyBins);
  const k = reference.length;
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const p = smoothedProportion(reference[i] as number, refTotal, k, s);
    const q = smoothedProportion(current[i] as number, curTotal, k, s);
    sum += (q - p) * Math.log(q / p);
  }
  return sum;
}

/**
 * The PSI expected from sampling noise alone when nothing drifted, in the large-sample limit:
 * (k − 1)(1/n_ref + 1/n_cur) for k bins. Below ~10 observations per bin it is too low (about 2× at
 * 10–30 values per side in 10 bins, 1.4× at 50; test/drift/psi.test.ts), because empty bins floored
 * at ε add ≈ 0.7 each; `driftVerdict(...).expectedNoise` and
 * `.noiseFloor` account for that with a permutation null. A window whose noise floor is near 0.1
 * cannot show "stable" by the band alone: use wider windows or fewer bins, or the verdict.
 */
export function psiNoiseFloor(bins: number, referenceSize: number, currentSize: number): number {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`psiNoiseFloor: bins = ${bins} must be an integer ≥ 1`);
  if (!(referenceSize > 0)) throw new Error(`psiNoiseFloor: referenceSize = ${referenceSize} must be > 0`);
  if (!(currentSize > 0)) throw new Error(`psiNoiseFloor: currentSize = ${currentSize} must be > 0`);
  return (bins - 1) * (1 / referenceSize + 1 / currentSize);
}
