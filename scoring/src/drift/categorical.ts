/**
 * Categorical binning: the reference's top-K categories, plus one "other" bin that counts every
 * value outside them (including categories never seen in the reference).
 */

export const DEFAULT_TOP_K = 10;

/** The `k` most frequent values, most frequent first; ties broken lexicographically (code-unit order). */
export function topKCategories(values: Iterable<string>, k: number = DEFAULT_TOP_K): string[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`topKCategories: k = ${k} must be an integer ≥ 0`);
  const freq = new Map<string, number>();
  for (const v of values) freq.set(v, (freq.get(v) ?? 0) + 1);
  return [...freq]
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, k)
    .map(([c]) => c);
}

/** Counts per category, length categories.length + 1; the last entry counts all other values. */
export function categoryCounts(categories: readonly string[], values: Iterable<string>): Float64Array {
  const index = new Map<string, number>();
  categories.forEach((c, i) => {
    if (index.has(c)) throw new Error(`categoryCounts: categories[${i}] = ${JSON.stringify(c)} is a duplicate`);
    index.set(c, i);
  });
  const other = categories.length;
  const counts = new Float64Array(other + 1);
  for (const v of values) counts[index.get(v) ?? other]++;
  return counts;
}
