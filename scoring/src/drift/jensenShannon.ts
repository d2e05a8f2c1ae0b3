import { pairTotals } from './counts.ts';

/**
 * Jensen–Shannon DISTANCE in base 2 (range [0, 1]): the square root of
 * JSD = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q) / 2, with logs in base 2. This is
 * `scipy.spatial.distance.jensenshannon(p, q, base=2)` and NannyML's definition. Empty bins need no
 * smoothing (0 · log 0 = 0), so none is applied.
 *
 * @throws Error on mismatched lengths, empty vectors, negative/NaN/infinite counts or zero totals.
 */
export function jensenShannon(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const [refTotal, curTotal] = pairTotals('js', reference, current);
  let sum = 0; // Σ p ln(p/m) + q ln(q/m), in nats
  for (let i = 0; i < reference.length; i++) {
    const p = (reference[i] as number) / refTotal;
    const q = (current[i] as number) / curTotal;
    const m = (p + q) / 2;
    if (p > 0) sum += p * Math.log(p / m);
    if (q > 0) sum += q * Math.log(q / m);
  }
  const jsd = sum / (2 * Math.LN2);
  return jsd > 0 ? Math.sqrt(jsd) : 0;
}
