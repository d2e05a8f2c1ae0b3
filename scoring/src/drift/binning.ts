/**
 * Assigning values to bins, with Prometheus `le` semantics so that counts computed here agree with
 * cumulative histogram buckets: for interior edges e_0 < … < e_{k−1},
 * bin 0 = (−∞, e_0], bin i = (e_{i−1}, e_i], bin k = (e_{k−1}, +∞).
 * A value equal to an edge goes in the lower bin.
 */

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

/** Counts of `values` per bin (length edges.length + 1). Non-finite values are skipped. */
export function binCounts(edges: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  checkEdges(edges);
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) counts[binIndex(edges, v)]++;
  }
  return counts;
}

/** @throws Error if `edges` are not finite and strictly increasing. */
export function checkEdges(edges: ArrayLike<number>, fn = 'binCounts'): void {
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as number;
    if (!Number.isFinite(e)) throw new Error(`${fn}: edges[${i}] = ${e} is not finite`);
    if (i > 0 && !(e > (edges[i - 1] as number))) {
      throw new Error(`${fn}: edges must be strictly increasing (edges[${i}] = ${e} ≤ edges[${i - 1}])`);
    }
  }
}
