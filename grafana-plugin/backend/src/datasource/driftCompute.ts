import {
  alignBins,
  categoricalDistribution,
  countsAt,
  countsInto,
  numericDistribution,
  type Distribution,
} from './distribution.ts';
import { measureDrift, measureVerdict, unsuitable, type DriftVerdict, type MeasureName } from './driftMeasures.ts';
import type { ByFeature } from './groupSeries.ts';

/** Both kinds of binned data for a set of features, as grouped from Prometheus. */
export interface FeatureData {
  numeric: ByFeature;
  categorical: ByFeature;
  steps: number;
  /** True for the exported baseline, whose values are shares rather than counts. */
  shares?: boolean;
  /** With `shares`: the baseline's sample count per feature, where the instrumentation exports it. */
  referenceSizes?: ReadonlyMap<string, number>;
}

/** The measure of one feature at each step; NaN where it is undefined (no data, zero total). */
export interface FeatureDrift {
  feature: string;
  values: Float64Array;
  /** Why the feature has no values, when it has none. */
  problem?: string;
  /** The verdict at the last step (with `options.verdicts`), when that step has a value. */
  verdict?: DriftVerdict;
  /**
   * The reference is the exported baseline without its sample count (older instrumentation): it
   * was taken as exact (n_ref = ∞), so the verdict counts only the current window's noise.
   */
  referenceSizeUnknown?: boolean;
}

function distributionOf(data: FeatureData, feature: string): Distribution | string | undefined {
  const numeric = data.numeric.get(feature);
  if (numeric) return numericDistribution(numeric, data.steps);
  const categorical = data.categorical.get(feature);
  return categorical ? categoricalDistribution(categorical, data.steps) : undefined;
}

/**
 * Drift of every feature that has current data. A reference with one step (exported or fixed-range
 * baseline) is compared with every current step; a reference with as many steps as the current data
 * (offset baseline) is compared step by step. Counts go to '@sieve/scoring' unchanged.
 */
export function computeDrift(
  current: FeatureData,
  reference: FeatureData,
  measureName: MeasureName,
  options: { verdicts?: boolean } = {}
): FeatureDrift[] {
  const features = [...new Set([...current.numeric.keys(), ...current.categorical.keys()])].sort();
  return features.map((feature): FeatureDrift => {
    const values = new Float64Array(current.steps).fill(NaN);
    const cur = distributionOf(current, feature);
    const ref = distributionOf(reference, feature);
    if (typeof cur === 'string' || cur === undefined) return { feature, values, problem: cur ?? 'no data' };
    if (ref === undefined) return { feature, values, problem: 'no baseline data' };
    if (typeof ref === 'string') return { feature, values, problem: `baseline: ${ref}` };
    const aligned = alignBins(ref, cur);
    if (typeof aligned === 'string') return { feature, values, problem: aligned };
    const wrongKind = unsuitable(measureName, cur.kind);
    if (wrongKind) return { feature, values, problem: wrongKind };
    // An exported baseline with its sample count is a reference of counts: shares × n.
    const referenceSize = reference.shares ? reference.referenceSizes?.get(feature) : undefined;
    const input = { edges: cur.edges, referenceIsShares: reference.shares === true && referenceSize === undefined };
    const constantReference = aligned.reference.steps === 1;
    let referenceCounts = constantReference ? usable(countsAt(aligned.reference, 0)) : undefined;
    if (referenceCounts && referenceSize !== undefined)
      referenceCounts = sharesToCounts(referenceCounts, referenceSize);
    if (constantReference && !referenceCounts) return { feature, values, problem: 'baseline has no observations' };
    // Two buffers reused across steps: this loop runs features × steps times.
    const bins = aligned.current.bins.length;
    let verdict: DriftVerdict | undefined;
    const stepReference = new Float64Array(bins);
    const currentCounts = new Float64Array(bins);
    for (let i = 0; i < current.steps; i++) {
      if (!constantReference) {
        referenceCounts =
          countsInto(aligned.reference, i, stepReference) && hasObservations(stepReference) ? stepReference : undefined;
      }
      if (!referenceCounts || !countsInto(aligned.current, i, currentCounts) || !hasObservations(currentCounts))
        continue;
      values[i] = measureDrift(measureName, referenceCounts, currentCounts, input);
      // Verdicts (tables, alerts) judge one window: the last step.
      if (options.verdicts && i === current.steps - 1)
        verdict = measureVerdict(measureName, referenceCounts, currentCounts, input);
    }
    if (!verdict) return { feature, values };
    return input.referenceIsShares
      ? { feature, values, verdict, referenceSizeUnknown: true }
      : { feature, values, verdict };
  });
}

/** Shares (any total) of a baseline of `size` observations → counts summing to `size`. */
function sharesToCounts(shares: Float64Array, size: number): Float64Array {
  let total = 0;
  for (const s of shares) total += s;
  return shares.map((s) => (s / total) * size);
}

/** A window without observations has no distribution: its measure is undefined. */
function hasObservations(counts: Float64Array): boolean {
  for (const c of counts) if (c > 0) return true;
  return false;
}

function usable(counts: Float64Array | undefined): Float64Array | undefined {
  return counts && hasObservations(counts) ? counts : undefined;
}
