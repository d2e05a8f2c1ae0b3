/**
 * How many of `sorted` (ascending) are at or above `x`, with a relative tolerance: a draw equal to
 * the observed value up to rounding counts as "as extreme". The count behind every Monte Carlo
 * p-value here, (1 + count) / (1 + draws). Binary search, O(log n).
 */
export function countAtOrAbove(sorted: Float64Array, x: number): number {
  const bar = x - 1e-12 * Math.abs(x) - 1e-15;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < bar) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}
