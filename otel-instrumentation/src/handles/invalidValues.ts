import { INVALID_REASONS, LABEL, type InvalidReason, type MetricKey, METRICS } from '../catalog/index.ts';
import type { MetricStore, ScalarCell } from '../store/metricStore.ts';
import { byKey } from './byKey.ts';

/** Why an amount (a count, a duration, a cost) can be rejected. */
const AMOUNT_PROBLEMS = ['nan', 'infinite', 'wrong_type', 'negative'] as const satisfies readonly InvalidReason[];
export type AmountProblem = (typeof AMOUNT_PROBLEMS)[number];

/**
 * How far ahead of this process's clock an event time may be and still be recorded: clock skew
 * between the data's source and this host. Beyond it the time is no real event time yet (a unit
 * mix-up such as µs for ms, a sentinel like 9999-12-31) and would hold a watermark-age alert off
 * for good, so it is counted as `out_of_range` instead.
 */
export const MAX_EVENT_TIME_AHEAD_MS = 60 * 60 * 1000;

/**
 * Counters of rejected values for one metric (sieve.instrumentation.invalid{metric, reason}), bound
 * once so that rejecting a value on the hot path is a single increment.
 */
export type InvalidCounters<R extends InvalidReason = AmountProblem> = Readonly<Record<R, ScalarCell>>;

function bind<R extends InvalidReason>(
  store: MetricStore,
  metric: MetricKey,
  reasons: readonly R[]
): InvalidCounters<R> {
  return byKey(reasons, (reason) =>
    store.counter('instrumentationInvalid', { [LABEL.metric]: METRICS[metric].name, [LABEL.reason]: reason })
  );
}

/** Counters for a metric that records amounts (the reasons `amountProblem` gives). */
export function invalidCounters(store: MetricStore, metric: MetricKey): InvalidCounters {
  return bind(store, metric, AMOUNT_PROBLEMS);
}

/** Counters for a metric that records event times (the reasons `eventTimeMs` gives). */
export function eventTimeInvalidCounters(store: MetricStore, metric: MetricKey): InvalidCounters<InvalidReason> {
  return bind(store, metric, INVALID_REASONS);
}

/**
 * Why `value` is not a valid non-negative amount (a row count, a duration, a cost), or undefined if
 * it is one. Never throws.
 */
export function amountProblem(value: unknown): AmountProblem | undefined {
  if (typeof value !== 'number') return 'wrong_type';
  if (value !== value) return 'nan';
  if (value === Infinity || value === -Infinity) return 'infinite';
  if (value < 0) return 'negative';
  return undefined;
}

/**
 * Unix ms of an event time (a Date or Unix ms from 1970 up to `nowMs` + MAX_EVENT_TIME_AHEAD_MS),
 * or why it is not one: an invalid Date is `nan`, a time before 1970 `negative`, one further ahead
 * `out_of_range`. Never throws.
 */
export function eventTimeMs(value: unknown, nowMs: number = Date.now()): number | InvalidReason {
  let ms: unknown = value;
  try {
    if (value instanceof Date) ms = value.getTime();
  } catch {
    return 'wrong_type';
  }
  const problem = amountProblem(ms);
  if (problem) return problem;
  return (ms as number) > nowMs + MAX_EVENT_TIME_AHEAD_MS ? 'out_of_range' : (ms as number);
}
