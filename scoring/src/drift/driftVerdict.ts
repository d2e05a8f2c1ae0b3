/**
 * The default drift verdict: a change is drift only when it is MATERIAL (the measure's value is in
 * its 'moderate' or 'significant' band) AND REAL (beyond what sampling noise produces at these
 * sample sizes, p < alpha under the measure's null distribution, see noise.ts). A large value from
 * two small windows is noise, not drift; a tiny but certain change in two huge windows is not
 * material. Every verdict carries the sizes and the noise floor it was judged against.
 */
import { driftScore, MEASURES, type Bands, type MeasureName } from './measures.ts';
import { DEFAULT_ALPHA, driftNoise, type Noise, type NoiseOptions } from './noise.ts';
import { bandVerdict, type Verdict } from './verdicts.ts';

export interface DriftVerdictOptions extends NoiseOptions {
  /** Bands for materiality; default MEASURES[measure].bands. */
  bands?: Bands;
}

export interface DriftVerdict extends Noise {
  measure: MeasureName;
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
 * The verdict of one measure on two count vectors over the same bins.
 *
 * @throws Error on any input the measure rejects, or an invalid alpha, size or draw count.
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
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  // A reference of known proportions has no counts to pool: chi2's value is then its
  // goodness-of-fit p-value, the same test its noise uses (homogeneity would read shares as counts).
  const scoring =
    options.referenceSize === Infinity ? { ...options, chiSquareTest: 'goodness-of-fit' as const } : options;
  const values = measures.map((measure) => driftScore(measure, reference, current, scoring));
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
