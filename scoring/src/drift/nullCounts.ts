/**
 * Random bin counts under "no change", for the Monte Carlo nulls in noise.ts:
 *
 * - dealOneByOne: a permutation of the pooled observations dealt one at a time (pooledLabels holds
 *   them), the cheapest way for small windows.
 * - dealPooled: a permutation of the pooled observations, as counts. Dealing `dealt` of the pooled
 *   observations to one side leaves that side multivariate hypergeometric, drawn here bin by bin as
 *   hypergeometric conditionals.
 * - drawFromShares: a parametric bootstrap, multinomial from known shares, bin by bin as binomial
 *   conditionals.
 *
 * Each conditional is drawn exactly by inversion started at its mode (the chop-down search, about
 * one step per standard deviation), so a draw costs O(bins + Σ standard deviations) instead of one
 * uniform per observation: a window of 10,000 values costs about what one of 100 does. No normal
 * approximation, so the nulls stay exact at any count. Per bin it costs about as much as dealing
 * 20 observations one by one, so small windows are still dealt one by one (noise.ts).
 */

/** ln(x!) for integers x ≥ 0: a table below 256, Stirling's series (error < 1e-16) above. */
const LN_FACTORIAL = (() => {
  const table = new Float64Array(256);
  for (let x = 2; x < 256; x++) table[x] = (table[x - 1] as number) + Math.log(x);
  return table;
})();
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

export function lnFactorial(x: number): number {
  if (x < 256) return LN_FACTORIAL[x] as number;
  const inv = 1 / x;
  const inv2 = inv * inv;
  return x * Math.log(x) - x + HALF_LN_2PI + 0.5 * Math.log(x) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

function lnChoose(n: number, k: number): number {
  return lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);
}

/**
 * Inversion from the mode: subtract the pmf outward, alternately above and below the mode, until
 * the uniform is used up; expected steps ~ the standard deviation. pmf(x+1)/pmf(x) is
 * (a − x)(b − x) / ((x + 1)(c + x + 1)) for the hypergeometric, (a − x)·odds / (x + 1) for the
 * binomial; written inline, not as callbacks, because this loop is the cost of a large window's draw.
 */
function fromMode(
  uniform: () => number,
  lo: number,
  hi: number,
  mode: number,
  pmfMode: number,
  a: number,
  b: number,
  c: number,
  odds: number,
  binomial: boolean
): number {
  let u = uniform() - pmfMode;
  if (u <= 0) return mode;
  let xu = mode;
  let xl = mode;
  let pu = pmfMode;
  let pl = pmfMode;
  for (;;) {
    const canUp = xu < hi && pu > 0;
    const canDown = xl > lo && pl > 0;
    // Rounding can leave a sliver of u once every probability is spent: the mode is then as good as any.
    if (!canUp && !canDown) return mode;
    if (canUp) {
      pu *= binomial ? ((a - xu) / (xu + 1)) * odds : ((a - xu) * (b - xu)) / ((xu + 1) * (c + xu + 1));
      xu++;
      u -= pu;
      if (u <= 0) return xu;
    }
    if (canDown) {
      pl *= binomial ? xl / ((a - xl + 1) * odds) : (xl * (c + xl)) / ((a - xl + 1) * (b - xl + 1));
      xl--;
      u -= pl;
      if (u <= 0) return xl;
    }
  }
}

/** Successes among `draws` taken without replacement from `population` holding `marked` successes. */
export function hypergeometricDraw(uniform: () => number, population: number, marked: number, draws: number): number {
  const lo = Math.max(0, draws - (population - marked));
  const hi = Math.min(marked, draws);
  if (lo >= hi) return lo;
  const rest = population - marked - draws;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (marked + 1)) / (population + 2))));
  const pmfMode = Math.exp(
    lnChoose(marked, mode) + lnChoose(population - marked, draws - mode) - lnChoose(population, draws)
  );
  return fromMode(uniform, lo, hi, mode, pmfMode, marked, draws, rest, 1, false);
}

/** Successes in `trials` independent trials of probability `p`. */
export function binomialDraw(uniform: () => number, trials: number, p: number): number {
  if (!(p > 0) || trials === 0) return 0;
  if (p >= 1) return trials;
  const mode = Math.min(trials, Math.floor((trials + 1) * p));
  const pmfMode = Math.exp(lnChoose(trials, mode) + mode * Math.log(p) + (trials - mode) * Math.log1p(-p));
  return fromMode(uniform, 0, trials, mode, pmfMode, trials, 0, 0, p / (1 - p), true);
}

/** One label (bin index) per pooled observation, in bin order: what dealOneByOne permutes. */
export function pooledLabels(pooled: ArrayLike<number>): Uint32Array<ArrayBuffer> {
  let size = 0;
  for (let i = 0; i < pooled.length; i++) size += pooled[i] as number;
  const labels = new Uint32Array(size);
  for (let i = 0, at = 0; i < pooled.length; at += pooled[i] as number, i++)
    labels.fill(i, at, at + (pooled[i] as number));
  return labels;
}

/**
 * Deals `dealt` of the pooled observations into `side` (counts per bin) by a partial Fisher–Yates
 * shuffle of `labels` (pooledLabels; reordered in place, any order is a valid start): the first
 * `dealt` labels of a uniform permutation form one side.
 */
export function dealOneByOne(uniform: () => number, labels: Uint32Array, dealt: number, side: Float64Array): void {
  const size = labels.length;
  side.fill(0);
  for (let t = 0; t < dealt; t++) {
    const j = t + Math.floor(uniform() * (size - t));
    const label = labels[j] as number;
    labels[j] = labels[t] as number;
    labels[t] = label;
    side[label]++;
  }
}

/**
 * Deals `dealt` of the pooled observations (whole counts per bin) at random into `side`; the rest
 * of each bin is the other side's. Exactly a uniform permutation's counts.
 */
export function dealPooled(uniform: () => number, pooled: ArrayLike<number>, dealt: number, side: Float64Array): void {
  let population = 0;
  for (let i = 0; i < pooled.length; i++) population += pooled[i] as number;
  let left = dealt;
  for (let i = 0; i < pooled.length; i++) {
    const marked = pooled[i] as number;
    const x = left > 0 ? hypergeometricDraw(uniform, population, marked, left) : 0;
    side[i] = x;
    left -= x;
    population -= marked;
  }
}

/** `size` observations drawn from the bin shares `shares` (non-negative, any total), as counts in `out`. */
export function drawFromShares(
  uniform: () => number,
  shares: ArrayLike<number>,
  size: number,
  out: Float64Array
): void {
  const k = shares.length;
  // Share still ahead of each bin, summed from the end so the last share's conditional is exactly 1.
  const ahead = new Float64Array(k + 1);
  for (let i = k - 1; i >= 0; i--) ahead[i] = (ahead[i + 1] as number) + (shares[i] as number);
  let left = size;
  for (let i = 0; i < k; i++) {
    const share = shares[i] as number;
    const rest = ahead[i] as number;
    const x = left > 0 && share > 0 ? binomialDraw(uniform, left, share >= rest ? 1 : share / rest) : 0;
    out[i] = x;
    left -= x;
  }
}
