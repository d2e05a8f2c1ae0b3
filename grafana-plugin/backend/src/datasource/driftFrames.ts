import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { MEASURES } from '@sieve/scoring';
import type { DataFrame, FrameMeta } from '../sdk/index.ts';
import type { FeatureDrift } from './driftCompute.ts';
import type { MeasureName } from './driftMeasures.ts';
import { gridSteps, type Grid } from './timeRange.ts';

/** Label name for the drift measure on value fields (not a metric label, so not in the catalog). */
export const MEASURE_LABEL = 'measure';

/**
 * Said when no feature matched, so that a typo in a feature name is not a silent "No data".
 * `features` is the query's matcher text.
 */
function noFeatureNotice(features: string): NonNullable<FrameMeta['notices']>[number] {
  return {
    severity: 'info',
    text: `no feature matches ${features.trim() || '(all features)'} in this time range or its baseline (the query editor's feature picker lists the known features)`,
  };
}

function notices(drift: readonly FeatureDrift[]): FrameMeta['notices'] {
  const out: NonNullable<FrameMeta['notices']> = drift
    .filter((d) => d.problem)
    .map((d) => ({ severity: 'warning' as const, text: `feature "${d.feature}": ${d.problem}` }));
  // A 'stable' that no window of this size could have escaped: say so rather than imply "no change".
  const undecided = drift.flatMap((d) => {
    const v = d.verdict;
    if (!v || v.decidable) return [];
    const why =
      v.method !== 'degenerate'
        ? `smallest attainable p ${round(v.minPValue)} ≥ alpha ${v.alpha}`
        : v.currentSize < 1 || v.referenceSize < 1
          ? 'less than one observation'
          : 'every observation in one bin';
    return [`"${d.feature}" (current n = ${round(v.currentSize)}: ${why})`];
  });
  if (undecided.length) {
    out.push({
      severity: 'info' as const,
      text: `no drift verdict possible for ${listed(undecided)}: their 'stable' means "cannot tell", not "no change"`,
    });
  }
  const unsized = drift.filter((d) => d.referenceSizeUnknown).map((d) => `"${d.feature}"`);
  if (unsized.length) {
    out.push({
      severity: 'info' as const,
      text: `baseline sample count (${METRICS.featureBaselineSamples.prometheus.name}) not exported for ${listed(unsized)}: the baseline is taken as exact (n_ref = ∞), so p-values and noise floors count only the current window's sampling noise`,
    });
  }
  return out.length ? out : undefined;
}

/** Up to 5 items, then how many more. */
function listed(items: readonly string[]): string {
  return items.length > 5 ? `${items.slice(0, 5).join(', ')} and ${items.length - 5} more` : items.join(', ');
}

/** A number for a notice: at most 3 significant digits. */
function round(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** One `timeseries-multi` frame per feature: time + the measure, labelled {feature, measure}. */
export function driftTimeSeriesFrames(
  drift: readonly FeatureDrift[],
  measure: MeasureName,
  grid: Grid,
  executedQueryString: string,
  features: string
): DataFrame[] {
  const steps = gridSteps(grid);
  const times = Float64Array.from({ length: steps }, (_, i) => grid.startMs + i * grid.stepMs);
  // No feature: one frame with no fields, the data plane's "no data" for its type, carrying the notice.
  if (drift.length === 0) {
    const meta = { executedQueryString, notices: [noFeatureNotice(features)] };
    return [{ name: '', fields: [], meta: { type: 'timeseries-multi', typeVersion: [0, 1], ...meta } }];
  }
  const warnings = notices(drift);
  return drift.map((d, i) => ({
    name: d.feature,
    fields: [
      // The step (as Grafana's Prometheus datasource sets it), so panels know the sample spacing.
      { name: 'time', type: 'time', values: times, config: { interval: grid.stepMs } },
      {
        name: measure,
        type: 'number',
        values: d.values,
        labels: { [LABEL.feature]: d.feature, [MEASURE_LABEL]: measure },
        config: { displayNameFromDS: d.feature },
      },
    ],
    meta: {
      type: 'timeseries-multi',
      typeVersion: [0, 1],
      // Query-wide information once, on the first frame.
      ...(i === 0 ? { executedQueryString, notices: warnings } : {}),
    },
  }));
}

/** The measure over the whole current window: the single value of a one-step result. */
function lastValue(d: FeatureDrift): number {
  return d.values.length ? (d.values[d.values.length - 1] as number) : NaN;
}

/**
 * One row per feature: feature, value, verdict, and what the verdict rests on: the value's band
 * alone, the p-value of "no change", the noise floor (the value sampling noise alone exceeds with
 * probability alpha, in the measure's units) and the sample sizes (reference size is +Inf for an
 * exported baseline of shares). verdict = band when p < alpha, else 'stable'.
 */
export function driftTable(
  drift: readonly FeatureDrift[],
  measure: MeasureName,
  executedQueryString: string,
  features: string
): DataFrame {
  const values = drift.map(lastValue);
  const num = (pick: (v: NonNullable<FeatureDrift['verdict']>) => number) =>
    drift.map((d) => (d.verdict ? pick(d.verdict) : NaN));
  return {
    name: 'drift',
    fields: [
      { name: LABEL.feature, type: 'string', values: drift.map((d) => d.feature) },
      { name: measure, type: 'number', values },
      { name: 'verdict', type: 'string', values: drift.map((d) => d.verdict?.verdict ?? null) },
      { name: 'band', type: 'string', values: drift.map((d) => d.verdict?.band ?? null) },
      { name: 'p_value', type: 'number', values: num((v) => v.pValue) },
      { name: 'noise_floor', type: 'number', values: num((v) => v.noiseFloor) },
      { name: 'reference_n', type: 'number', values: num((v) => v.referenceSize) },
      { name: 'current_n', type: 'number', values: num((v) => v.currentSize) },
      { name: 'effective_n', type: 'number', values: num((v) => v.effectiveSize) },
    ],
    meta: {
      type: 'table',
      executedQueryString,
      notices: drift.length === 0 ? [noFeatureNotice(features)] : notices(drift),
    },
  };
}

/**
 * The number an alert thresholds: the measure's value when the change is beyond sampling noise at
 * these window sizes (the verdict's `real`: p < alpha), else the value of "no change" (0, or 1 for
 * chi2's p-value). A threshold at a band edge then fires only for a change that is both past the
 * edge and real: a PSI of 0.6 from 12 values is noise, and its verdict value is 0. NaN without data.
 */
export function verdictValue(d: FeatureDrift, measure: MeasureName): number {
  const value = lastValue(d);
  if (!d.verdict || Number.isNaN(value)) return NaN;
  return d.verdict.real ? value : MEASURES[measure].driftWhen === 'lower' ? 1 : 0;
}

/**
 * Alert evaluation: one `numeric-multi` frame per feature, a single number labelled
 * {feature, measure}. Distinct label sets make each feature its own alert instance, and a
 * Threshold expression can use the result directly (no Reduce needed). The number is
 * `<measure>_verdict` (verdictValue: the measure when the change is beyond sampling noise, else
 * "no change"), so a threshold respects sample size; `alertValue: 'value'` gives the raw measure.
 * One value field per frame: older Grafana versions turn every numeric field into an alert item.
 */
export function driftNumericFrames(
  drift: readonly FeatureDrift[],
  measure: MeasureName,
  executedQueryString: string,
  alertValue: 'verdict' | 'value' = 'verdict'
): DataFrame[] {
  const verdict = alertValue === 'verdict';
  return drift.map((d, i) => ({
    name: d.feature,
    fields: [
      {
        name: verdict ? `${measure}_verdict` : measure,
        type: 'number',
        values: [verdict ? verdictValue(d, measure) : lastValue(d)],
        labels: { [LABEL.feature]: d.feature, [MEASURE_LABEL]: measure },
      },
    ],
    meta: {
      type: 'numeric-multi',
      typeVersion: [0, 1],
      ...(i === 0 ? { executedQueryString, notices: notices(drift) } : {}),
    },
  }));
}
