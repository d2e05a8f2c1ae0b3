import { pairTotals } from './counts.ts';
import { chiSquareSurvival } from './gamma.ts';

/**
 * - `homogeneity` (the default): Pearson's test that both samples come from one distribution, on
 *   the 2 × k table of counts; `scipy.stats.chi2_contingency([ref, cur], correction=False)`. No Yates
 *   correction, even with 2 bins, so the statistic is the plain Pearson sum.
 * - `goodness-of-fit`: current against the reference proportions (Evidently's `chisquare`):
 *   expected_i = ref_i · N_cur / N_ref; `scipy.stats.chisquare(cur, expected)`.
 */
export type ChiSquareTest = 'homogeneity' | 'goodness-of-fit';

export interface ChiSquareResult {
  statistic: number;
  /** Degrees of freedom: (bins used − 1). */
  dof: number;
  /** P(χ²_dof ≥ statistic); 1 when dof = 0. */
  pValue: number;
}

/**
 * Chi-square test on categorical (or any) bin counts. Bins that are empty in BOTH vectors carry no
 * information and are dropped (they would make an expected count 0). In the goodness-of-fit test a
 * bin empty in the reference but not in the current makes the statistic +∞ and the p-value 0.
 *
 * @throws Error on mismatched lengths, empty vectors, negative/NaN/infinite counts or zero totals.
 */
export function chiSquare(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: { test?: ChiSquareTest } = {}
): ChiSquareResult {
  const [refTotal, curTotal] = pairTotals('chi2', reference, current);
  const test = options.test ?? 'homogeneity';
  if (test !== 'homogeneity' && test !== 'goodness-of-fit') {
    throw new Error(`chi2: test = ${String(test)} must be 'homogeneity' or 'goodness-of-fit'`);
  }
  // The statistic is linear in the counts: computed on counts scaled to a largest value of 1, then
  // scaled back, so squares of counts near 1e154 cannot overflow into Infinity/Infinity = NaN.
  let largest = 0;
  for (let i = 0; i < reference.length; i++) largest = Math.max(largest, reference[i] as number, current[i] as number);
  const scale = largest > 1 ? 1 / largest : 1;
  const rt = refTotal * scale;
  const ct = curTotal * scale;
  const total = rt + ct;
  let statistic = 0;
  let used = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = (reference[i] as number) * scale;
    const c = (current[i] as number) * scale;
    if (r === 0 && c === 0) continue;
    used++;
    if (test === 'homogeneity') {
      const column = r + c;
      const er = (column * rt) / total;
      const ec = (column * ct) / total;
      statistic += ((r - er) * (r - er)) / er + ((c - ec) * (c - ec)) / ec;
    } else {
      const expected = (r * ct) / rt;
      statistic += expected === 0 ? Infinity : ((c - expected) * (c - expected)) / expected;
    }
  }
  statistic /= scale; // may overflow to Infinity for astronomically large counts: then p = 0, correctly
  const dof = used - 1;
  return { statistic, dof, pValue: dof === 0 ? 1 : chiSquareSurvival(statistic, dof) };
}
