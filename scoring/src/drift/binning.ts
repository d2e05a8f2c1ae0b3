/**
 * Assigning values to bins, with Prometheus `le` semantics so that counts computed here agree with
 * cumulative histogram buckets: for interior edges e_0 < … < e_{k−1},
 * bin 0 = (−∞, e_0], bin i = (e_{i−1}, e_i], bin k = (e_{k−1}, +∞).
 * A value equal to an edge goes in the lower bin.
 */
import { describe } from './counts.ts';

/**
 * The bin of `value` (0…edges.length). −∞ goes in bin 0, +∞ in the last bin, NaN returns −1.
 * Binary search; allocates nothing. `edges` must be strictly increasing (not re-checked here).
 */
export function binIndex(edges: ArrayLike<number>, value: number): number {
  if (Number.isNaN(value)) return -1;
  // The first edge ≥ value; if none, the open upper tail.
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Counts of `values` per bin (length edges.length + 1). Missing values are skipped: NaN, ±Infinity,
 * null and undefined. Anything else that is not a number (a string such as "3", a boolean) is a
 * caller bug, not a missing value: it throws, naming its index (see `missingOrNumber`).
 */
export function binCounts(edges: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  checkEdges(edges);
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) counts[binIndex(edges, v)]++;
    else missingOrNumber('binCounts', values, i);
  }
  return counts;
}

/**
 * Checks `values[i]`, already known not to be a finite number: NaN, ±Infinity, null and undefined
 * are missing values (skipped by the caller); any other type throws an Error naming the index and
 * the value. Silently skipping "3" would hide a column read as text.
 */
export function missingOrNumber(fn: string, values: ArrayLike<unknown>, i: number): void {
  const v = values[i];
  if (typeof v === 'number' || v === null || v === undefined) return;
  throw new Error(
    `${fn}: values[${i}] = ${describe(v)} is not a number (NaN, ±Infinity, null and undefined are skipped as missing; convert text columns first)`
  );
}

/**
 * @throws Error naming the first offending index if `edges` are not numbers, not finite, or not
 *   strictly increasing (a duplicate or a step back).
 */
export function checkEdges(edges: ArrayLike<number>, fn = 'binCounts'): void {
  for (let i = 0; i < edges.length; i++) {
    const e: unknown = edges[i];
    if (typeof e !== 'number') throw new Error(`${fn}: edges[${i}] = ${describe(e)} is not a number`);
    if (!Number.isFinite(e)) throw new Error(`${fn}: edges[${i}] = ${e} is not finite`);
    const before = edges[i - 1] as number;
    if (i > 0 && e === before) {
      throw new Error(`${fn}: edges[${i}] = ${e} duplicates edges[${i - 1}]; edges must be strictly increasing`);
    }
    if (i > 0 && !(e > before)) {
      throw new Error(
        `${fn}: edges[${i}] = ${e} is below edges[${i - 1}] = ${before}; edges must be strictly increasing`
      );
    }
  }
}
