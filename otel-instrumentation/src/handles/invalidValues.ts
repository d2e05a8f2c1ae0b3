import { INVALID_REASONS, LABEL, type InvalidReason, type MetricKey, METRICS } from '../catalog/index.ts';
import type { MetricStore, ScalarCell } from '../store/metricStore.ts';
import { byKey } from './byKey.ts';

/**
 * Counters of rejected values for one metric (sieve.instrumentation.invalid{metric, reason}), bound
 * once so that rejecting a value on the hot path is a single increment.
 */
export type InvalidCounters = Readonly<Record<InvalidReason, ScalarCell>>;

export function invalidCounters(store: MetricStore, metric: MetricKey): InvalidCounters {
  return byKey(INVALID_REASONS, (reason) =>
    store.counter('instrumentationInvalid', { [LABEL.metric]: METRICS[metric].name, [LABEL.reason]: reason })
  );
}

/**
 * Why `value` is not a valid non-negative amount (a row count, a duration, a cost), or undefined if
 * it is one. Never throws.
 */
export function amountProblem(value: unknown): InvalidReason | undefined {
  if (typeof value !== 'number') return 'wrong_type';
  if (value !== value) return 'nan';
  if (value === Infinity || value === -Infinity) return 'infinite';
  if (value < 0) return 'negative';
  return undefined;
}

/** Unix ms of an event time (a Date or Unix ms), or why it is not one. Never throws. */
export function eventTimeMs(value: unknown): number | InvalidReason {
  let ms: unknown = value;
  try {
    if (value instanceof Date) ms = value.getTime();
  } catch {
    return 'wrong_type';
  }
  const problem = amountProblem(ms);
  return problem ?? (ms as number);
}
