import { rawTotals } from './counts.ts';

/**
 * The two-sample Anderson–Darling statistic on ordered bins (Scholz & Stephens 1987, the version
 * for tied data, k = 2): with pooled bin shares h_j, pooled CDF H_j and the two windows' CDFs F, G,
 *
 *   A² = n_eff · Σ_{j < k, 0 < H_j < 1} h_j (F_j − G_j)² / (H_j (1 − H_j)),   n_eff = n·m/(n + m).
 *
 * It weighs the gap between the two CDFs by its standard error at every bin edge, so the tails
 * count as much as the middle. Against a shift or a change of spread it has more power than the
 * measures' own null tests, which ignore the order of the bins (PSI, JS, KL, Hellinger are
 * multiples of Pearson's χ² with k − 1 degrees of freedom). With a reference of known proportions
 * (referenceSize Infinity) H is the reference's CDF and n_eff = m (the one-sample form).
 */
import { normalDraw, seededUniform } from './random.ts';

/**
 * A² of two count vectors over the same ordered bins; the sizes default to the totals (Infinity:
 * the reference holds known proportions). Inputs are validated by the caller.
 */
export function andersonDarling(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  referenceSize?: number,
  currentSize?: number
): number {
  const k = reference.length;
  const [refTotal, curTotal] = rawTotals(reference, current);
  if (!(refTotal > 0 && curTotal > 0)) return 0;
  const shares = referenceSize === Infinity;
  const n = referenceSize ?? refTotal;
  const m = currentSize ?? curTotal;
  const nEff = shares ? m : (n * m) / (n + m);
  let f = 0;
  let g = 0;
  let h = 0;
  let sum = 0;
  for (let j = 0; j < k - 1; j++) {
    const p = (reference[j] as number) / refTotal;
    const q = (current[j] as number) / curTotal;
    const share = shares ? p : (n * p + m * q) / (n + m);
    f += p;
    g += q;
    h += share;
    if (share > 0 && h > 1e-15 && h < 1 - 1e-15) sum += (share * (f - g) ** 2) / (h * (1 - h));
  }
  return nEff * sum;
}

/**
 * `draws` values of A²'s large-sample null at pooled bin shares `pooled`, sorted: √n_eff (F − G)
 * tends to a Brownian bridge B at the pooled CDF, so A² → Σ_j h_j B(H_j)² / (H_j (1 − H_j)).
 * Seeded: the same shares always give the same null.
 */
export function andersonDarlingLimit(pooled: ArrayLike<number>, draws: number, seed: number): Float64Array {
  const k = pooled.length;
  const uniform = seededUniform(seed);
  const walk = new Float64Array(k);
  const nulls = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    // Brownian motion W at the cumulative shares, then the bridge B = W(H) − H·W(1).
    let w = 0;
    for (let i = 0; i < k; i++) {
      const share = pooled[i] as number;
      if (share > 0) w += Math.sqrt(share) * normalDraw(uniform);
      walk[i] = w;
    }
    let h = 0;
    let sum = 0;
    for (let j = 0; j < k - 1; j++) {
      const share = pooled[j] as number;
      h += share;
      if (share > 0 && h > 1e-15 && h < 1 - 1e-15) {
        const b = (walk[j] as number) - h * w;
        sum += (share * b * b) / (h * (1 - h));
      }
    }
    nulls[d] = sum;
  }
  return nulls.sort();
}
