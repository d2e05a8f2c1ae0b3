import { pairTotals } from './counts.ts';

/**
 * Hellinger distance H = sqrt(½ Σ (√p_i − √q_i)²), range [0, 1]. Computed from the squared
 * differences (not as sqrt(1 − Σ √(p q))), each as (p − q)/(√p + √q), so nearly equal inputs keep
 * their precision. Empty bins
 * need no smoothing.
 *
 * @throws Error on mismatched lengths, empty vectors, negative/NaN/infinite counts or zero totals.
 */
export function hellinger(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const [refTotal, curTotal] = pairTotals('hellinger', reference, current);
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = (reference[i] as number) / refTotal;
    const q = (current[i] as number) / curTotal;
    if (p === q) continue;
    // √p − √q = (p − q)/(√p + √q): no cancellation when p ≈ q.
    const d = (p - q) / (Math.sqrt(p) + Math.sqrt(q));
    sum += d * d;
  }
  return Math.min(1, Math.sqrt(sum / 2));
}
