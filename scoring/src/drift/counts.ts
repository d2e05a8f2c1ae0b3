/**
 * Validation of bin-count vectors, shared by every measure. Bad counts are a caller bug (or a
 * window with no data), so they throw an Error that names the measure, the field, the index and the
 * value; no measure silently returns NaN, and a string is never coerced ('3' would add as "53").
 */

/** How a bad input value is shown in an error: strings quoted, with the type of anything not a number. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `${JSON.stringify(value)} (a string)`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (typeof value === 'object') return `(an object)`;
  return `${String(value)} (a ${typeof value})`;
}

/**
 * Sum of `counts`, after checking that every entry is a finite, non-negative number (a zero total
 * and an empty vector are allowed here: callers decide what they mean).
 */
export function checkedSum(measure: string, field: string, counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c: unknown = counts[i];
    // `!(c >= 0)` is true for NaN and negatives; Infinity is rejected separately.
    if (typeof c !== 'number' || !(c >= 0) || c === Infinity) {
      throw new Error(`${measure}: ${field}[${i}] = ${describe(c)} is not a finite non-negative count`);
    }
    total += c;
  }
  // Each count is finite, but their sum can pass the largest double (~1.8e308); proportions would
  // then all be 0 and the measures silently wrong (PSI 8.5 for identical vectors).
  if (total === Infinity) {
    throw new Error(
      `${measure}: ${field} counts sum to more than 1.8e308 (a double overflows); divide both vectors by a common factor (only chi2 depends on the scale)`
    );
  }
  return total;
}

/** Sum of `counts`, after checking its entries (see checkedSum), that it has a bin and a positive total. */
export function countTotal(measure: string, field: string, counts: ArrayLike<number>): number {
  if (counts.length === 0) throw new Error(`${measure}: ${field} is empty (need at least one bin)`);
  const total = checkedSum(measure, field, counts);
  if (total === 0) throw new Error(`${measure}: ${field} has a zero total (no observations)`);
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
export function checkSameLength(measure: string, reference: ArrayLike<number>, current: ArrayLike<number>): void {
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
