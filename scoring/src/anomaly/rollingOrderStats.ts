/**
 * Median and MAD over the last `capacity` values. A ring buffer remembers arrival order so the
 * oldest value can be evicted; a parallel sorted array answers order statistics. Positions are found
 * by binary search (O(log w)); the shift on insert/evict is one native memmove of contiguous
 * doubles, which for windows up to a few thousand points is faster than a pointer-based tree.
 * The MAD is the k-th smallest of two sorted sequences (distances below and above the median),
 * found by binary search in O(log w) without materialising the deviations.
 */
export class RollingOrderStats {
  readonly capacity: number;
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private n = 0;
  /** The previous MAD split (how many of the smallest deviations lay below the median). */
  private split = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Adds a finite value, evicting the oldest one when full. */
  push(x: number): void {
    const s = this.sorted;
    if (this.n === this.capacity) {
      const old = this.ring[this.head]!;
      this.ring[this.head] = x;
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
      // Replace `old` by `x` with one shift of the elements in between.
      const i = this.lowerBound(old, 0, this.n);
      // x lands on the side of old that its value says: search only there.
      const j = x > old ? this.lowerBound(x, i, this.n) : this.lowerBound(x, 0, i);
      if (j > i) {
        // x goes right of old: shift (i, j) left by one; x lands at j - 1.
        s.copyWithin(i, i + 1, j);
        s[j - 1] = x;
      } else {
        s.copyWithin(j + 1, j, i);
        s[j] = x;
      }
      return;
    }
    let tail = this.head + this.n;
    if (tail >= this.capacity) tail -= this.capacity;
    this.ring[tail] = x;
    const j = this.lowerBound(x, 0, this.n);
    s.copyWithin(j + 1, j, this.n);
    s[j] = x;
    this.n++;
  }

  /** First index in [lo, hi) of the sorted prefix whose value is >= x (hi if none). */
  private lowerBound(x: number, lo: number, hi: number): number {
    const s = this.sorted;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** k-th smallest (0-based). */
  select(k: number): number {
    return this.sorted[k]!;
  }

  median(): number {
    const n = this.n;
    if (n === 0) return NaN;
    const s = this.sorted;
    const h = n >> 1;
    return n & 1 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
  }

  /**
   * Median absolute deviation from `m` (normally the median): the median of |x_i - m|, averaging
   * the two middle deviations for an even count, like the median.
   */
  mad(m: number): number {
    const n = this.n;
    if (n === 0) return NaN;
    const h = n >> 1;
    // For m the median of distinct values, exactly h values lie below it: check that before searching.
    const s = this.sorted;
    const p = (h === 0 || s[h - 1]! < m) && s[h]! >= m ? h : this.lowerBound(m, 0, n);
    if (n & 1) return this.kthDeviation(h, m, p);
    return 0.5 * (this.kthDeviation(h - 1, m, p) + this.kthDeviation(h, m, p));
  }

  /**
   * k-th smallest |x_i - m|, where p = number of values below m. Deviations left of p grow as the
   * index falls; right of it they grow with the index: two sorted sequences. Search for how many of
   * the k+1 smallest come from the left one. The split moves little from one point to the next, so
   * the search gallops out from the previous split before bisecting: O(log w), usually a few steps.
   */
  private kthDeviation(k: number, m: number, p: number): number {
    const t = k + 1;
    const nl = p;
    let lo = t - (this.n - p) > 0 ? t - (this.n - p) : 0;
    let hi = t < nl ? t : nl;
    // Invariant: the answer a (lefts taken) is in [lo, hi]; moreLeft(a) ⇔ answer > a.
    const g = this.split < lo ? lo : this.split > hi ? hi : this.split;
    if (g < hi && this.moreLeft(g, t, m, p)) {
      lo = g + 1;
      for (let step = 1; lo < hi; step *= 2) {
        const probe = lo + step - 1 < hi ? lo + step - 1 : hi - 1;
        if (this.moreLeft(probe, t, m, p)) lo = probe + 1;
        else {
          hi = probe;
          break;
        }
      }
    } else {
      hi = g;
      for (let step = 1; lo < hi; step *= 2) {
        const probe = hi - step > lo ? hi - step : lo;
        if (this.moreLeft(probe, t, m, p)) {
          lo = probe + 1;
          break;
        }
        hi = probe;
      }
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.moreLeft(mid, t, m, p)) lo = mid + 1;
      else hi = mid;
    }
    this.split = lo;
    const s = this.sorted;
    const b = t - lo;
    const lastLeft = lo > 0 ? m - s[p - lo]! : -Infinity;
    const lastRight = b > 0 ? s[p + b - 1]! - m : -Infinity;
    return lastLeft > lastRight ? lastLeft : lastRight;
  }

  /**
   * Taking a lefts (and t − a rights) is too few lefts when the next left deviation is below the
   * last right one taken.
   */
  private moreLeft(a: number, t: number, m: number, p: number): boolean {
    const b = t - a;
    return b > 0 && a < p && m - this.sorted[p - 1 - a]! < this.sorted[p + b - 1]! - m;
  }
}
