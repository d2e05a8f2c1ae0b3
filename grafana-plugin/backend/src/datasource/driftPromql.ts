import { formatPrometheusDuration, LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { selector, type LabelMatcher } from './labelMatchers.ts';

/**
 * The PromQL a drift query runs. All features come back from one query per metric kind: bucket
 * increases summed over replicas by (feature, le), and category increases by (feature, category).
 * Summing first is what makes a drift panel over 100 features a handful of queries, not 100 × steps.
 */

/** Labels a drift query aggregates by; users may not match on them. */
export const DRIFT_RESERVED_LABELS = [LABEL.le, LABEL.upperBound, LABEL.category] as const;

/** Range selectors take whole seconds. */
function seconds(ms: number): string {
  return formatPrometheusDuration(Math.max(1000, Math.ceil(ms / 1000) * 1000));
}

function offsetClause(offsetMs: number | undefined): string {
  return offsetMs ? ` offset ${seconds(offsetMs)}` : '';
}

/** Per (feature, le): observations in the window ending at each evaluation time (minus `offset`). */
export function bucketIncrease(matchers: readonly LabelMatcher[], windowMs: number, offsetMs?: number): string {
  const sel = selector(METRICS.featureValue.prometheus.bucket, matchers);
  return `sum by (${LABEL.feature}, ${LABEL.le}) (increase(${sel}[${seconds(windowMs)}]${offsetClause(offsetMs)}))`;
}

/** Per (feature, category): categorical observations in the window. */
export function categoryIncrease(matchers: readonly LabelMatcher[], windowMs: number, offsetMs?: number): string {
  const sel = selector(METRICS.featureCategory.prometheus.name, matchers);
  return `sum by (${LABEL.feature}, ${LABEL.category}) (increase(${sel}[${seconds(windowMs)}]${offsetClause(offsetMs)}))`;
}

/**
 * The exported baseline as of the evaluation time: the latest value within `lookbackMs`, one per
 * (feature, upper_bound) for numeric features (upper_bound = the `le` of the feature's buckets; a
 * gauge may not carry `le`) or (feature, category). Replicas export the same baseline, hence `max`.
 */
export function exportedBaseline(matchers: readonly LabelMatcher[], lookbackMs: number): string {
  const sel = selector(METRICS.featureBaseline.prometheus.name, matchers);
  return `max by (${LABEL.feature}, ${LABEL.upperBound}, ${LABEL.category}) (last_over_time(${sel}[${seconds(lookbackMs)}]))`;
}

/**
 * The exported baseline's sample count per feature (n_ref), latest within `lookbackMs`. Older
 * instrumentation does not export it: no series, and the baseline is then taken as exact.
 */
export function exportedBaselineSamples(matchers: readonly LabelMatcher[], lookbackMs: number): string {
  const sel = selector(METRICS.featureBaselineSamples.prometheus.name, matchers);
  return `max by (${LABEL.feature}) (last_over_time(${sel}[${seconds(lookbackMs)}]))`;
}
