import type { DataQuery } from '../sdk/index.ts';
import { ValidationError } from './errors.ts';

/** Prometheus refuses range queries with more than 11,000 points per series; so do we, earlier and clearer. */
export const MAX_POINTS = 11_000;
/** Longest panel range, baseline range or offset accepted: five years. */
export const MAX_RANGE_MS = 5 * 365 * 86_400_000;
const MIN_STEP_MS = 1000;

/** A validated, step-aligned evaluation grid: `startMs`, `startMs + stepMs`, …, `endMs`. */
export interface Grid {
  startMs: number;
  endMs: number;
  stepMs: number;
  /** The panel range as Grafana sent it (not aligned). */
  fromMs: number;
  toMs: number;
}

/** The number of evaluation times on the grid, both ends included. */
export function gridSteps(grid: Grid): number {
  return Math.round((grid.endMs - grid.startMs) / grid.stepMs) + 1;
}

/** Checks the query's time range: ordered, finite, not longer than MAX_RANGE_MS. */
export function checkRange(query: DataQuery, kind: string): { fromMs: number; toMs: number } {
  const { fromMs, toMs } = query.timeRange;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs < 0) {
    throw new ValidationError(`${kind} query: field "timeRange": not a valid time range`);
  }
  if (toMs <= fromMs) throw new ValidationError(`${kind} query: field "timeRange": "to" must be after "from"`);
  if (toMs - fromMs > MAX_RANGE_MS) {
    throw new ValidationError(`${kind} query: field "timeRange": longer than the 5-year maximum`);
  }
  return { fromMs, toMs };
}

/**
 * The step: the query's own `step` when given (rejected if the range would need more than
 * MAX_POINTS points), else Grafana's `intervalMs`, at least `minStepMs` (the datasource's scrape
 * interval, as Grafana's Prometheus datasource uses its own: a finer step only repeats samples),
 * widened so that neither maxDataPoints nor MAX_POINTS is exceeded. Start and end are aligned to multiples of the step, as Grafana's own
 * Prometheus datasource does, so that refreshing the panel reuses the same evaluation times.
 */
export function buildGrid(
  query: DataQuery,
  kind: string,
  explicitStepMs: number | undefined,
  minStepMs: number = MIN_STEP_MS
): Grid {
  const { fromMs, toMs } = checkRange(query, kind);
  const span = toMs - fromMs;
  let stepMs: number;
  if (explicitStepMs !== undefined) {
    if (!(explicitStepMs >= MIN_STEP_MS)) {
      throw new ValidationError(`${kind} query: field "step": must be at least 1s`);
    }
    if (span / explicitStepMs + 1 > MAX_POINTS) {
      throw new ValidationError(
        `${kind} query: field "step": ${Math.ceil(span / explicitStepMs) + 1} points per series exceed the ${MAX_POINTS} maximum; use a larger step or a shorter range`
      );
    }
    stepMs = explicitStepMs;
  } else {
    const maxPoints = Math.min(MAX_POINTS, query.maxDataPoints > 0 ? query.maxDataPoints : MAX_POINTS);
    if (maxPoints < 2) {
      throw new ValidationError(
        `${kind} query: field "maxDataPoints": a time series needs at least 2 points, got ${query.maxDataPoints}; raise "Max data points" or set an explicit step`
      );
    }
    stepMs = Math.max(
      MIN_STEP_MS,
      minStepMs,
      query.intervalMs > 0 ? query.intervalMs : 0,
      Math.ceil(span / (maxPoints - 1))
    );
    stepMs = Math.ceil(stepMs / 1000) * 1000;
  }
  const startMs = Math.floor(fromMs / stepMs) * stepMs;
  const endMs = Math.floor(toMs / stepMs) * stepMs;
  return { startMs, endMs: Math.max(endMs, startMs), stepMs, fromMs, toMs };
}
