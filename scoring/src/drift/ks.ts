import { pairTotals } from './counts.ts';

/**
 * The Kolmogorov–Smirnov statistic from binned CDFs: D = max_i |F_ref(i) − F_cur(i)|, where F(i)
 * is the cumulative proportion up to and including bin i. On bins this is a lower bound of the
 * raw-sample KS statistic, and equal to it when the edges include every distinct value of both
 * samples. Range [0, 1].
 *
 * @throws Error on mismatched lengths, empty vectors, negative/NaN/infinite counts or zero totals.
 */
export function ksStatistic(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const [refTotal, curTotal] = pairTotals('ks', reference, current);
  // Cumulate counts, not proportions, so that rounding does not build up.
  let refCum = 0;
  let curCum = 0;
  let d = 0;
  for (let i = 0; i < reference.length; i++) {
    refCum += reference[i] as number;
    curCum += current[i] as number;
    const diff = Math.abs(refCum / refTotal - curCum / curTotal);
    if (diff > d) d = diff;
  }
  return d;
}
