import {
  driftScore,
  driftVerdict,
  MEASURES,
  MEASURE_NAMES as SCORING_MEASURES,
  type DriftVerdict,
  type MeasureName,
} from '@sieve/scoring';

/**
 * The drift measures, straight from '@sieve/scoring' (the only place drift math lives): its MEASURES
 * registry names them and driftScore computes them (driftFrames.ts judges them with bandVerdict).
 */
export type { DriftVerdict, MeasureName };
export const MEASURE_NAMES = SCORING_MEASURES as [MeasureName, ...MeasureName[]];
export const DEFAULT_MEASURE: MeasureName = 'psi';

/** What a measure needs besides the two count vectors. */
export interface MeasureInput {
  /** Interior edges of numeric bins (the finite `le` values); needed by Wasserstein. */
  edges?: readonly number[];
  /**
   * The reference holds shares (the exported baseline), not counts. Scale-free measures do not
   * care; chi² then tests goodness of fit against those proportions instead of homogeneity.
   */
  referenceIsShares: boolean;
}

/** Why `measure` cannot score a feature of `kind`, or undefined when it can. */
export function unsuitable(measure: MeasureName, kind: 'numeric' | 'categorical'): string | undefined {
  return MEASURES[measure].features.includes(kind) ? undefined : `${measure} does not apply to ${kind} features`;
}

export function measureDrift(
  measure: MeasureName,
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  input: MeasureInput
): number {
  return driftScore(measure, reference, current, {
    edges: input.edges,
    chiSquareTest: input.referenceIsShares ? 'goodness-of-fit' : 'homogeneity',
  });
}

/**
 * The verdict on the same counts: material (the measure's band) AND beyond sampling noise at these
 * sample sizes. An exported baseline whose sample count is not exported holds shares of an unknown
 * size: it is then taken as exact (infinite), and only the current window's size sets the noise.
 * (With its count, computeDrift turns the shares into counts first.)
 */
export function measureVerdict(
  measure: MeasureName,
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  input: MeasureInput
): DriftVerdict {
  return driftVerdict(measure, reference, current, {
    edges: input.edges,
    chiSquareTest: input.referenceIsShares ? 'goodness-of-fit' : 'homogeneity',
    ...(input.referenceIsShares ? { referenceSize: Infinity } : {}),
  });
}
