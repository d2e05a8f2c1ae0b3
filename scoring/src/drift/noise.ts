/**
 * How much of a drift value sampling noise alone would produce at these sample sizes: the null
 * distribution of each measure when nothing changed, its p-value, and its critical value.
 *
 * Two count vectors of n and m observations from the same distribution still differ. Every
 * divergence here is, near "no change", a multiple of Pearson's χ² divergence, so under H0:
 *
 * | measure     | statistic            | ~ χ²(k − 1) |
 * | ----------- | -------------------- | ----------- |
 * | psi         | n_eff · PSI          |             |
 * | kl          | 2 n_eff · KL         |             |
 * | js (base 2) | 8 ln2 · n_eff · JS²  |             |
 * | hellinger   | 8 n_eff · H²         |             |
 *
 * with n_eff = n·m/(n + m) (= m when the reference is a set of known proportions) and k the bins
 * that hold any observation. KS uses the Kolmogorov distribution, chi2 its own p-value, and
 * normalised Wasserstein (no closed form) a simulation of its Gaussian limit Σ |B(F_i)| Δ_i.
 *
 * These limits need enough observations per bin; with few (any expected bin count below
 * MIN_EXPECTED) the null comes from a Monte Carlo instead: a permutation test on the pooled counts
 * (exact given the bins), or a parametric bootstrap from the reference proportions when the
 * reference has no size. The log-ratio measures need it most: an empty bin floored at ε adds
 * ≈ 0.7 to PSI, which the χ² limit knows nothing about.
 *
 * Whether a change is REAL is a question about the two samples, not about the measure. On ordered
 * (numeric) bins every measure but chi2 answers it with the Anderson–Darling test (andersonDarling.ts),
 * calibrated the same way (permutation / bootstrap at small counts, its Gaussian limit otherwise):
 * it uses the order of the bins, which the divergences ignore, and detects a shift or a change of
 * spread with far fewer values. The measure's own null still gives the noise floor in its units.
 * chi2 is itself a test of homogeneity and keeps its own p-value.
 */
import { andersonDarling, andersonDarlingLimitSurvival } from './andersonDarling.ts';
import { chiSquare, type ChiSquareTest } from './chiSquare.ts';
import { chiSquareCritical, chiSquareSurvival } from './gamma.ts';
import { kolmogorovQuantile, kolmogorovSurvival, ksLambda } from './kolmogorov.ts';
import { driftScore, MEASURES, type DriftScoreOptions, type MeasureName } from './measures.ts';
import { rawTotals } from './counts.ts';
import { dealOneByOne, dealPooled, drawFromShares, pooledLabels } from './nullCounts.ts';
import { countAtOrAbove } from './tailCount.ts';
import { normalDraw, seededUniform } from './random.ts';
import { wassersteinPoint, wassersteinScale } from './wasserstein.ts';

/**
 * How the null distribution was obtained. 'degenerate': there is nothing to test, and the p-value
 * is 1 (see `degenerateNoise`): a window holds fewer than one observation (all-zero or fractional
 * counts below 1, an empty vector), or all observations of both windows sit in one bin (every
 * rearrangement of them is identical). The one exception is a reference of known shares with
 * current values in a bin of share 0, which no sampling can produce: p = 0.
 */
export type NullMethod = 'asymptotic' | 'gaussian' | 'permutation' | 'bootstrap' | 'degenerate';

/** Which test gives the p-value: Anderson–Darling on ordered bins, else the measure's own statistic. */
export type RealityTest = 'anderson-darling' | 'measure';

export interface NoiseOptions extends DriftScoreOptions {
  /** Level of the "beyond noise" test. Default 0.025 (see DEFAULT_ALPHA). */
  alpha?: number;
  /**
   * The bins are ordered (numeric ranges, lowest first): the p-value then comes from the
   * Anderson–Darling test (except for chi2). Default: true when `edges` are given.
   */
  ordered?: boolean;
  /**
   * Observations behind the reference. Default: the sum of the reference counts. Pass Infinity
   * when the reference holds known proportions (an exported baseline of shares).
   */
  referenceSize?: number;
  /** Observations behind the current window. Default: the sum of the current counts. */
  currentSize?: number;
  /** Monte Carlo draws (permutation, bootstrap, Gaussian limit). Default 499. */
  draws?: number;
  /** Seed of the Monte Carlo draws; fixed by default so a verdict is a pure function of its input. */
  seed?: number;
}

export interface Noise {
  method: NullMethod;
  /** The test behind pValue: 'anderson-darling' on ordered bins (not for chi2), else 'measure'. */
  test: RealityTest;
  /** P(a difference at least this large | no change), by `test`. */
  pValue: number;
  /**
   * The smallest p-value ANY current window of this size could get here (same bins, same
   * reference): the p-value of the most extreme outcome the Monte Carlo null produced (or of the
   * observed one, when it is more extreme); 0 for the large-sample limits; pValue when degenerate.
   * With 1 value in a window of 10 quantile bins it is about 0.2, with 2 about 0.025 to 0.03.
   */
  minPValue: number;
  /**
   * minPValue < alpha: at these sizes some window could be judged beyond noise. When false the
   * verdict is 'stable' whatever the data, which means "too few observations to tell", not "no
   * change" (1–2 values per window, or fewer than one observation).
   */
  decidable: boolean;
  /**
   * The value sampling noise alone exceeds with probability alpha (the critical value), in the
   * measure's units; for chi2, whose value is a p-value, it is alpha itself.
   */
  noiseFloor: number;
  /** The typical value under no change (the mean of the null; 0.5 for chi2's p-value). */
  expectedNoise: number;
  referenceSize: number;
  currentSize: number;
  /** n·m/(n + m), or m when the reference size is infinite. */
  effectiveSize: number;
  /** Bins holding any observation on either side. */
  bins: number;
}

/**
 * 2.5 %, not the customary 5 %: below ~100 values per side every value is "material", so the test
 * alone decides, and bins taken from the reference window itself (the instrumentation's baseline,
 * the bench) make the permutation null a little narrow: interpolated quantile edges leave the
 * reference's extremes inside the outer bins, where a same-distribution current then expects more
 * values than the reference holds (3.77 vs 3 at 30 values), so a nominal 2.5 % runs at 3.3–3.6 %.
 * That stays under the 5 % target at every window size; the exact rank null for such bins would
 * be valid but detects 10 points less at 30 values (README, "What 10 bins can do").
 */
export const DEFAULT_ALPHA = 0.025;
export const DEFAULT_DRAWS = 499;
/** Below this expected count in any non-empty bin, the χ² limits are not trusted. */
export const MIN_EXPECTED = 20;
/**
 * Draws × observations on the smaller side above which the limits are used even with a sparse bin
 * (about 10,000 values per side at 499 draws). Large windows are drawn bin by bin, so this no
 * longer bounds the cost (a verdict costs about the same at 1,000 and 10,000 values per side); it
 * keeps which windows get a Monte Carlo null, and so their verdicts, as they were.
 */
const MAX_MONTE_CARLO_WORK = 5_000_000;
const DEFAULT_SEED = 0x5eed;
/** Up to this many observations per bin, Monte Carlo draws deal them one by one (see monteCarloNoise). */
const ONE_BY_ONE_PER_BIN = 40;

/** χ²(k − 1) scale of each divergence: statistic = scale · n_eff · f(value). */
const CHI_SQUARE_FORM: Partial<Record<MeasureName, { scale: number; squared: boolean }>> = {
  psi: { scale: 1, squared: false },
  kl: { scale: 2, squared: false },
  js: { scale: 8 * Math.LN2, squared: true },
  hellinger: { scale: 8, squared: true },
};

/**
 * alpha and draws with their defaults, and the sizes' ranges.
 *
 * @throws Error naming the option when alpha, draws, referenceSize or currentSize is invalid.
 */
export function noiseSettings(options: NoiseOptions): { alpha: number; draws: number } {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`drift verdict: alpha = ${alpha} must be in (0, 1)`);
  const draws = options.draws ?? DEFAULT_DRAWS;
  if (!Number.isInteger(draws) || draws < 19)
    throw new Error(`drift verdict: draws = ${draws} must be an integer ≥ 19`);
  const { referenceSize: n, currentSize: m } = options;
  if (n !== undefined && !(n >= 0)) throw new Error(`drift verdict: referenceSize = ${n} must be ≥ 0 (or Infinity)`);
  if (m !== undefined && !(m >= 0 && m < Infinity))
    throw new Error(`drift verdict: currentSize = ${m} must be a finite number ≥ 0`);
  return { alpha, draws };
}

/**
 * The noise of a comparison with nothing to test (method 'degenerate'): p = 1, so the verdict is
 * 'stable' and not decidable. With fewer than one observation on a side, sampling noise can reach
 * any value: the noise floor is the top of the measure's range (alpha for chi2's p-value).
 */
export function degenerateNoise(
  measure: MeasureName,
  alpha: number,
  sizes: Pick<Noise, 'referenceSize' | 'currentSize' | 'effectiveSize' | 'bins'>,
  noiseFloor: number
): Noise {
  return {
    method: 'degenerate',
    test: 'measure',
    pValue: 1,
    minPValue: 1,
    decidable: false,
    noiseFloor: measure === 'chi2' ? alpha : noiseFloor,
    expectedNoise: measure === 'chi2' ? 0.5 : 0,
    ...sizes,
  };
}

/** The noise of several measures on the same pair of count vectors; Monte Carlo draws are shared. */
export function driftNoise(
  measures: readonly MeasureName[],
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  values: readonly number[],
  options: NoiseOptions = {}
): Noise[] {
  const { alpha, draws } = noiseSettings(options);
  const k = reference.length;
  const [refTotal, curTotal] = rawTotals(reference, current);
  const n = options.referenceSize ?? refTotal;
  const m = options.currentSize ?? curTotal;
  const shares = n === Infinity;
  const nEff = shares ? m : n + m > 0 ? (n * m) / (n + m) : 0;
  if (refTotal === 0 || curTotal === 0 || n < 1 || m < 1) {
    // Fewer than one observation: the counts cannot be resampled (they round to nothing), so a
    // permutation null would be all zeros and call any value real. Nothing can be judged.
    const sizes = { referenceSize: n, currentSize: m, effectiveSize: nEff, bins: nonEmptyBins(reference, current) };
    return measures.map((measure) => degenerateNoise(measure, alpha, sizes, MEASURES[measure].range[1]));
  }

  // Pooled proportions: the common distribution under "no change".
  const pooled = new Float64Array(k);
  let bins = 0;
  let minProportion = Infinity;
  for (let i = 0; i < k; i++) {
    const p = (reference[i] as number) / refTotal;
    const q = (current[i] as number) / curTotal;
    const pi = shares ? p : (p * n + q * m) / (n + m);
    pooled[i] = pi;
    if (pi > 0) {
      bins++;
      if (pi < minProportion) minProportion = pi;
    }
  }
  const sizes = { referenceSize: n, currentSize: m, effectiveSize: nEff, bins };
  if (bins < 2) {
    return measures.map((measure) => {
      // Every rearrangement of one bin's observations is the same: noise produces exactly 0.
      const noise = degenerateNoise(measure, alpha, sizes, 0);
      // One bin of known share 1, values elsewhere: impossible without a change (see below).
      const impossible = measure !== 'chi2' && shares && outsideSupport(reference, current);
      if (impossible) return { ...noise, pValue: 0, minPValue: 0, decidable: true };
      // Known shares: a current value in any other bin would be impossible (p = 0) had it come.
      return shares && k > 1 && measure !== 'chi2' ? { ...noise, minPValue: 0, decidable: true } : noise;
    });
  }

  const smallerSide = Math.min(n, m);
  const monteCarlo = minProportion * smallerSide < MIN_EXPECTED && draws * smallerSide <= MAX_MONTE_CARLO_WORK;
  const chiTest: ChiSquareTest = shares ? 'goodness-of-fit' : 'homogeneity';
  const ordered = options.ordered ?? options.edges !== undefined;
  const noises = monteCarlo
    ? monteCarloNoise(measures, reference, current, values, {
        ...options,
        alpha,
        draws,
        shares,
        chiTest,
        sizes,
        ordered,
      })
    : limitNoise(measures, reference, current, values, pooled, { ...options, alpha, draws, sizes });
  if (!ordered) return noises;
  let pValue: number;
  if (shares && outsideSupport(reference, current)) {
    // Known shares and current values in a bin the reference gives share 0: impossible under
    // "no change", so the exact p-value is 0. Neither A² (it skips share-0 bins, its weights are
    // undefined there) nor its bootstrap (which never draws such a bin) can see this mass, so it
    // is decided here. Not 1/(draws + 1): that floor is a Monte Carlo's resolution, and nothing
    // is being estimated. Whether it matters is the band's call (the measure's ε-floor).
    pValue = 0;
  } else if (monteCarlo) {
    return noises;
  } else {
    // Large counts: A²'s limit distribution, by three moments in O(k) (no draws).
    pValue = andersonDarlingLimitSurvival(pooled, andersonDarling(reference, current, n, m));
  }
  // Both cases have no smallest p-value above 0 (an impossible value, or A²'s limit law).
  return noises.map((noise, j) =>
    measures[j] === 'chi2' ? noise : { ...noise, test: 'anderson-darling', pValue, ...LIMIT_RANGE }
  );
}

/**
 * A current count of at least half an observation (Prometheus `increase()` returns fractions) in a
 * bin whose reference share is 0.
 */
function outsideSupport(reference: ArrayLike<number>, current: ArrayLike<number>): boolean {
  for (let i = 0; i < reference.length; i++) if (reference[i] === 0 && (current[i] as number) >= 0.5) return true;
  return false;
}

/** (1 + #draws ≥ observed) / (1 + draws): the Monte Carlo p-value, with a relative tolerance. */
function upperTail(sorted: Float64Array, observed: number): number {
  return (1 + countAtOrAbove(sorted, observed)) / (1 + sorted.length);
}

/** A large-sample limit has no smallest p-value: any window can be judged. */
const LIMIT_RANGE = { minPValue: 0, decidable: true } as const;

/** Each measure's own large-sample null: χ² forms, Kolmogorov, chi2's p-value, Wasserstein's limit. */
function limitNoise(
  measures: readonly MeasureName[],
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  values: readonly number[],
  pooled: Float64Array,
  options: NoiseOptions & { alpha: number; draws: number; sizes: Sizes }
): Noise[] {
  const { alpha, draws, sizes } = options;
  const shares = sizes.referenceSize === Infinity;
  const nEff = sizes.effectiveSize;
  const chiTest: ChiSquareTest = shares ? 'goodness-of-fit' : 'homogeneity';
  const dof = sizes.bins - 1;
  const critical = chiSquareCritical(dof, alpha);
  return measures.map((measure, j): Noise => {
    const value = values[j] as number;
    const form = CHI_SQUARE_FORM[measure];
    if (form) {
      const scale = form.scale * nEff;
      const statistic =
        measure === 'kl'
          ? nEff * driftScore('psi', reference, current, options) // the symmetric KL, see testStatistic
          : scale * (form.squared ? value * value : value);
      const toValue = (chi: number) => (form.squared ? Math.sqrt(chi / scale) : chi / scale);
      return {
        method: 'asymptotic',
        test: 'measure',
        pValue: chiSquareSurvival(statistic, dof),
        ...LIMIT_RANGE,
        noiseFloor: toValue(critical),
        expectedNoise: toValue(dof),
        ...sizes,
      };
    }
    if (measure === 'ks') {
      const stretch = ksLambda(1, nEff);
      return {
        method: 'asymptotic',
        test: 'measure',
        pValue: kolmogorovSurvival(ksLambda(value, nEff)),
        ...LIMIT_RANGE,
        noiseFloor: kolmogorovQuantile(alpha) / stretch,
        expectedNoise: (Math.sqrt(Math.PI / 2) * Math.LN2) / stretch, // E sup|B| = √(π/2) ln 2
        ...sizes,
      };
    }
    if (measure === 'chi2') {
      return {
        method: 'asymptotic',
        test: 'measure',
        pValue: chiSquare(reference, current, { test: chiTest }).pValue,
        ...LIMIT_RANGE,
        noiseFloor: alpha,
        expectedNoise: 0.5,
        ...sizes,
      };
    }
    return gaussianWassersteinNoise(reference, current, pooled, value, { ...options, alpha, draws, sizes });
  });
}

/**
 * The statistic whose null gives the p-value: the value itself, except chi2 (its χ² statistic,
 * large = drift) and kl, which is tested with the SYMMETRIC KL (= PSI). KL(ref ‖ cur) is not
 * exchangeable in its two sides, and reference-quantile bins leave the reference side without empty
 * bins, so its permutation null would be too narrow; the symmetric form does not care.
 */
function testStatistic(
  measure: MeasureName,
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: DriftScoreOptions,
  chiTest: ChiSquareTest
): number {
  if (measure === 'chi2') return chiSquare(reference, current, { test: chiTest }).statistic;
  return driftScore(measure === 'kl' ? 'psi' : measure, reference, current, options);
}

interface MonteCarloSettings extends NoiseOptions {
  alpha: number;
  draws: number;
  shares: boolean;
  chiTest: ChiSquareTest;
  sizes: Sizes;
  ordered: boolean;
}

type Sizes = Pick<Noise, 'referenceSize' | 'currentSize' | 'effectiveSize' | 'bins'>;

/**
 * Permutation test (finite reference): the pooled observations are dealt again into a reference
 * and a current of the original sizes, with the bins kept; or parametric bootstrap (reference of
 * known proportions): the current is drawn again from the reference proportions. Counts are
 * rounded to whole observations (Prometheus `increase()` can return fractions).
 */
function monteCarloNoise(
  measures: readonly MeasureName[],
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  values: readonly number[],
  s: MonteCarloSettings
): Noise[] {
  const k = reference.length;
  const uniform = seededUniform(s.seed ?? DEFAULT_SEED);
  const refInt = Float64Array.from({ length: k }, (_, i) => Math.round(reference[i] as number));
  const curInt = Float64Array.from({ length: k }, (_, i) => Math.round(current[i] as number));
  const observed = measures.map((measure, j) =>
    measure === 'chi2' || measure === 'kl'
      ? testStatistic(measure, reference, current, s, s.chiTest)
      : (values[j] as number)
  );
  const nulls = measures.map(() => new Float64Array(s.draws));
  // Anderson–Darling on the same draws, when the bins are ordered.
  const refSize = s.shares ? Infinity : undefined;
  const adNull = new Float64Array(s.ordered ? s.draws : 0);
  const adObserved = s.ordered ? andersonDarling(reference, current, refSize) : 0;
  // kl's own values under the null, for its noise floor (its p-value comes from the symmetric form).
  const klValues = new Float64Array(measures.includes('kl') ? s.draws : 0);
  const refStar = new Float64Array(k);
  const curStar = new Float64Array(k);

  // Small windows are dealt one observation at a time (cheapest there, and the draws small-n
  // verdicts were calibrated with); larger ones bin by bin (nullCounts.ts), whose cost does not
  // grow with the counts.
  const oneByOne = ONE_BY_ONE_PER_BIN * k;
  const pooledInt = Float64Array.from({ length: k }, (_, i) => (refInt[i] as number) + (curInt[i] as number));
  let labels = new Uint32Array(0);
  let dealt = 0; // observations dealt to the smaller side each draw
  let dealToReference = false;
  const cumulative = new Float64Array(k);
  let curSize = 0;
  if (s.shares) {
    let total = 0;
    for (let i = 0; i < k; i++) total += reference[i] as number;
    let acc = 0;
    for (let i = 0; i < k; i++) cumulative[i] = acc += (reference[i] as number) / total;
    for (let i = 0; i < k; i++) curSize += curInt[i] as number;
    if (curSize === 0) curSize = 1;
  } else {
    let size = 0;
    let refSize = 0;
    for (let i = 0; i < k; i++) {
      size += pooledInt[i] as number;
      refSize += refInt[i] as number;
    }
    dealToReference = refSize <= size - refSize;
    dealt = dealToReference ? refSize : size - refSize;
    if (size <= oneByOne) labels = pooledLabels(pooledInt);
  }

  for (let d = 0; d < s.draws; d++) {
    if (s.shares) {
      refStar.set(refInt.some((c) => c > 0) ? refInt : reference);
      if (curSize <= oneByOne) {
        curStar.fill(0);
        for (let t = 0; t < curSize; t++) curStar[upperBin(cumulative, uniform())]++;
      } else drawFromShares(uniform, reference, curSize, curStar);
    } else {
      const side = dealToReference ? refStar : curStar;
      const other = dealToReference ? curStar : refStar;
      if (labels.length > 0) dealOneByOne(uniform, labels, dealt, side);
      else dealPooled(uniform, pooledInt, dealt, side);
      for (let i = 0; i < k; i++) other[i] = (pooledInt[i] as number) - (side[i] as number);
    }
    if (!hasObservations(refStar) || !hasObservations(curStar)) {
      for (const null_ of nulls) null_[d] = 0;
      if (s.ordered) adNull[d] = 0;
      continue;
    }
    measures.forEach((measure, j) => {
      (nulls[j] as Float64Array)[d] = testStatistic(measure, refStar, curStar, s, s.chiTest);
    });
    if (klValues.length) klValues[d] = driftScore('kl', refStar, curStar, s);
    if (s.ordered) adNull[d] = andersonDarling(refStar, curStar, refSize);
  }
  const adPValue = s.ordered ? upperTail(adNull.sort(), adObserved) : NaN;
  // The most extreme outcome the null produced: with 1–2 values per window the few possible
  // outcomes are all drawn, so this is the smallest p-value any window of this size can get.
  // Known shares with a bin of share 0: a current value there is impossible, p = 0 (driftNoise).
  const unseen = s.shares && Array.prototype.some.call(reference, (c: number) => c === 0);
  const adMinPValue = !s.ordered
    ? NaN
    : unseen
      ? 0
      : Math.min(adPValue, upperTail(adNull, adNull[s.draws - 1] as number));

  const method: NullMethod = s.shares ? 'bootstrap' : 'permutation';
  return measures.map((measure, j): Noise => {
    const sorted = (nulls[j] as Float64Array).sort();
    const obs = observed[j] as number;
    const atLeast = countAtOrAbove(sorted, obs);
    let sum = 0;
    for (const v of sorted) sum += v;
    const rank = Math.min(s.draws, Math.ceil((1 - s.alpha) * (s.draws + 1))) - 1;
    const own = measure === 'kl' ? klValues.sort() : sorted;
    if (measure === 'kl') sum = own.reduce((a, b) => a + b, 0);
    const adTest = s.ordered && measure !== 'chi2';
    const pValue = adTest ? adPValue : (1 + atLeast) / (1 + s.draws);
    const minPValue = adTest ? adMinPValue : Math.min(pValue, upperTail(sorted, sorted[s.draws - 1] as number));
    return {
      method,
      test: adTest ? 'anderson-darling' : 'measure',
      pValue,
      minPValue,
      decidable: minPValue < s.alpha,
      noiseFloor: measure === 'chi2' ? s.alpha : (own[rank] as number),
      expectedNoise: measure === 'chi2' ? 0.5 : sum / s.draws,
      ...s.sizes,
    };
  });
}

/** Index of the first cumulative share ≥ u (binary search). */
function upperBin(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) >= u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function nonEmptyBins(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  let bins = 0;
  for (let i = 0; i < reference.length; i++) if ((reference[i] as number) > 0 || (current[i] as number) > 0) bins++;
  return bins;
}

function hasObservations(counts: Float64Array): boolean {
  for (const c of counts) if (c > 0) return true;
  return false;
}

/**
 * Wasserstein has no closed-form null, but its limit does: √n_eff (F̂_ref − F̂_cur) → a Brownian
 * bridge B at the pooled CDF, so √n_eff · W → Σ_i |B(F_i)| Δ_i (Δ_i the distance between
 * neighbouring bin points), divided by the same spread as the value. Simulated with `draws` draws.
 */
function gaussianWassersteinNoise(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  pooled: Float64Array,
  value: number,
  s: NoiseOptions & { alpha: number; draws: number; sizes: Sizes }
): Noise {
  const edges = s.edges;
  if (edges === undefined) throw new Error('wasserstein: options.edges is required');
  const k = pooled.length;
  const scale = s.normalized === false ? 1 : wassersteinScale(reference, current, edges);
  const root = Math.sqrt(s.sizes.effectiveSize);
  const uniform = seededUniform(s.seed ?? DEFAULT_SEED);
  const nulls = new Float64Array(s.draws);
  const walk = new Float64Array(k);
  for (let d = 0; d < s.draws; d++) {
    // Brownian motion W at the cumulative pooled shares, then the bridge B = W(F) − F·W(1).
    let w = 0;
    let f = 0;
    for (let i = 0; i < k; i++) {
      w += Math.sqrt(pooled[i] as number) * normalDraw(uniform);
      walk[i] = w;
    }
    let sum = 0;
    for (let i = 0; i < k - 1; i++) {
      f += pooled[i] as number;
      sum += Math.abs((walk[i] as number) - f * w) * (wassersteinPoint(edges, i + 1) - wassersteinPoint(edges, i));
    }
    nulls[d] = sum / scale / root;
  }
  nulls.sort();
  let atLeast = 0;
  let mean = 0;
  for (const v of nulls) {
    if (v >= value) atLeast++;
    mean += v / s.draws;
  }
  const rank = Math.min(s.draws, Math.ceil((1 - s.alpha) * (s.draws + 1))) - 1;
  return {
    method: 'gaussian',
    test: 'measure',
    pValue: (1 + atLeast) / (1 + s.draws),
    // A continuous limit: a value beyond every draw gets the Monte Carlo's smallest p-value.
    minPValue: 1 / (1 + s.draws),
    decidable: 1 / (1 + s.draws) < s.alpha,
    noiseFloor: nulls[rank] as number,
    expectedNoise: mean,
    ...s.sizes,
  };
}
