/**
 * The default drift verdict: a change is drift only when it is MATERIAL (the measure's value is in
 * its 'moderate' or 'significant' band) AND REAL (beyond what sampling noise produces at these
 * sample sizes, p < alpha under the measure's null distribution, see noise.ts). A large value from
 * two small windows is noise, not drift; a tiny but certain change in two huge windows is not
 * material. Every verdict carries the sizes and the noise floor it was judged against.
 */
import { checkEdges } from './binning.ts';
import { checkedSum, checkSameLength } from './counts.ts';
import { driftScore, isMeasureName, MEASURE_NAMES, MEASURES, type Bands, type MeasureName } from './measures.ts';
import { driftNoise, noiseSettings, type Noise, type NoiseOptions } from './noise.ts';
import { bandVerdict, type Verdict } from './verdicts.ts';

export interface DriftVerdictOptions extends NoiseOptions {
  /** Bands for materiality; default MEASURES[measure].bands. */
  bands?: Bands;
}

/**
 * A verdict, with what it rests on (Noise: p-value, noise floor, sizes, method).
 *
 * - `method: 'degenerate'` means there was nothing to test: a window with fewer than one
 *   observation (all-zero counts, an empty vector, or fractional counts summing below 1), or both
 *   windows entirely in one bin. Then pValue = 1, verdict 'stable', drift false, decidable false;
 *   with no observation at all `value` is the value of "no change" (0, or 1 for chi2's p-value) and
 *   the noise floor the top of the measure's range (noise can reach any value).
 * - `decidable: false` means no window of these sizes could have been judged drift (its smallest
 *   attainable p-value, `minPValue`, is not below alpha): with 1 value per window (10 quantile
 *   bins) no test here gets below p ≈ 0.2, with 2 values below ≈ 0.025. The verdict is then
 *   'stable' whatever the data: read it as "too few observations to tell", not "no change".
 */
export interface DriftVerdict extends Noise {
  measure: MeasureName;
  /** The measure on the two windows (the "no change" value when a window has no observation). */
  value: number;
  /** The band of the value alone (materiality). */
  band: Verdict;
  /** pValue < alpha: the value is beyond sampling noise. */
  real: boolean;
  /** The band when real, else 'stable'. */
  verdict: Verdict;
  /** verdict !== 'stable'. */
  drift: boolean;
  alpha: number;
}

/**
 * The verdict of one measure on two count vectors over the same bins. A window with fewer than
 * one observation gives a 'degenerate' verdict (p = 1, 'stable'), not an error (see DriftVerdict).
 *
 * @throws Error on mismatched lengths, a count that is not a finite non-negative number, bad
 *   edges (each naming the index), missing edges for wasserstein, an unknown measure, or an
 *   invalid alpha, size or draw count.
 */
export function driftVerdict(
  measure: MeasureName,
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: DriftVerdictOptions = {}
): DriftVerdict {
  return driftVerdicts([measure], reference, current, options)[0] as DriftVerdict;
}

/** The verdicts of several measures on the same counts; their Monte Carlo draws are shared. */
export function driftVerdicts(
  measures: readonly MeasureName[],
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: DriftVerdictOptions = {}
): DriftVerdict[] {
  const { alpha } = noiseSettings(options);
  // Checked here, not only by the measures: a window with no observation never reaches them.
  checkSameLength('drift verdict', reference, current);
  const refTotal = checkedSum('drift verdict', 'reference', reference);
  const curTotal = checkedSum('drift verdict', 'current', current);
  const empty = refTotal === 0 || curTotal === 0;
  if (options.edges !== undefined) checkEdges(options.edges, 'drift verdict');
  for (const measure of measures) {
    if (!isMeasureName(measure)) {
      throw new Error(
        `drift verdict: unknown measure ${JSON.stringify(measure)}; expected one of ${MEASURE_NAMES.join(', ')}`
      );
    }
    if (MEASURES[measure].needsEdges && options.edges === undefined)
      throw new Error(`${measure}: options.edges is required`);
  }
  // A reference of known proportions has no counts to pool: chi2's value is then its
  // goodness-of-fit p-value, the same test its noise uses (homogeneity would read shares as counts).
  const scoring =
    options.referenceSize === Infinity ? { ...options, chiSquareTest: 'goodness-of-fit' as const } : options;
  // No observation on a side: no value exists; "no change" stands in (the noise says 'degenerate').
  const values = measures.map((measure) =>
    empty ? noChange(measure) : driftScore(measure, reference, current, scoring)
  );
  const noises = driftNoise(measures, reference, current, values, options);
  return measures.map((measure, j) => {
    const value = values[j] as number;
    const noise = noises[j] as Noise;
    const band = bandVerdict(measure, value, options.bands ?? MEASURES[measure].bands);
    const real = noise.pValue < alpha;
    // chi2's value is itself a p-value: its 'moderate' band (p ≤ 0.15) is not beyond noise at 0.05.
    const verdict: Verdict = real ? band : 'stable';
    return { measure, value, band, real, verdict, drift: verdict !== 'stable', alpha, ...noise };
  });
}

/** The value of "no change": 0 for a distance, 1 for chi2's p-value. */
function noChange(measure: MeasureName): number {
  return MEASURES[measure].driftWhen === 'lower' ? 1 : 0;
}
