/**
 * Validation of bin-count vectors, shared by every measure. Bad counts are a caller bug (or a
 * window with no data), so they throw an Error that names the measure and the field; no measure
 * silently returns NaN.
 */

/** Sum of `counts`, after checking that every entry is a finite, non-negative number. */
export function countTotal(measure: string, field: string, counts: ArrayLike<number>): number {
  if (counts.length === 0) throw new Error(`${measure}: ${field} is empty (need at least one bin)`);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    // `!(c >= 0)` is true for NaN and negatives; Infinity is rejected separately.
    if (!(c >= 0) || c === Infinity) {
      throw new Error(`${measure}: ${field}[${i}] = ${c} is not a finite non-negative count`);
    }
    total += c;
  }
  if (total === 0) throw new Error(`${measure}: ${field} has a zero total (no observations)`);
  // Each count is finite, but their sum can pass the largest double (~1.8e308); proportions would
  // then all be 0 and the measures silently wrong (PSI 8.5 for identical vectors).
  if (total === Infinity) {
    throw new Error(
      `${measure}: ${field} counts sum to more than 1.8e308 (a double overflows); divide both vectors by a common factor (only chi2 depends on the scale)`
    );
  }
  return total;
}

/** Totals of two same-length count vectors already validated by the caller (hot paths: no checks). */
export function rawTotals(reference: ArrayLike<number>, current: ArrayLike<number>): [number, number] {
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < reference.length; i++) {
    refTotal += reference[i] as number;
    curTotal += current[i] as number;
  }
  return [refTotal, curTotal];
}

/** Checks that the two vectors have the same number of bins. */
function checkSameLength(measure: string, reference: ArrayLike<number>, current: ArrayLike<number>): void {
  if (reference.length !== current.length) {
    throw new Error(
      `${measure}: reference has ${reference.length} bins but current has ${current.length}; both must be binned with the same edges`
    );
  }
}

/** Checks a reference/current pair of count vectors; returns their totals [reference, current]. */
export function pairTotals(
  measure: string,
  reference: ArrayLike<number>,
  current: ArrayLike<number>
): [reference: number, current: number] {
  checkSameLength(measure, reference, current);
  return [countTotal(measure, 'reference', reference), countTotal(measure, 'current', current)];
}
