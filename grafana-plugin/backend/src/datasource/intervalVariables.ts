import { formatPrometheusDuration } from '@sieve/otel-instrumentation/catalog';
import { MAX_RANGE_MS } from './timeRange.ts';

/**
 * Grafana's interval variables in an anomaly expression (`rate(x[$__rate_interval])`), replaced
 * here, in the backend, as Grafana's Prometheus datasource does in its own backend: Grafana's
 * frontend defines `$__rate_interval` only for Prometheus queries, and alert rules never pass a
 * frontend. A panel moved between the Prometheus datasource and Sieve gets the same windows.
 *
 * The values follow Grafana's Prometheus backend (grafana/grafana pkg/promlib/models/query.go,
 * `calculateRateInterval` and `InterpolateVariables`):
 * - `$__rate_interval` = max(requested interval + S, 4 × S), where the requested interval is the
 *   request's `intervalMs` (0 when absent) and S is the query's own step when it sets one (Grafana
 *   puts a query's "Min step" there), else the datasource's scrape interval (`jsonData.timeInterval`,
 *   15 s when unset). So it always spans at least four scrapes, and one scrape more than the
 *   panel's interval.
 * - `$__interval` is the step the expression is evaluated at; `$__range` the panel range, in whole
 *   seconds (`$__range_ms` exact).
 * Durations are written exactly (`1m15s`); Grafana truncates `$__interval` to its largest unit.
 */

export interface IntervalValues {
  /** The step the expression is evaluated at (`$__interval`). */
  stepMs: number;
  /** The interval Grafana sent with the query (`intervalMs`); 0 or less counts as none. */
  requestedIntervalMs: number;
  /** The panel's time range. */
  rangeMs: number;
  /** The datasource's scrape interval (settings.ts `scrapeIntervalMs`). */
  scrapeIntervalMs: number;
  /** The query's own `step`, when it sets one: it stands in for the scrape interval, as in Grafana. */
  queryStepMs?: number;
}

const VARIABLE =
  /\$(?:\{(__rate_interval_ms|__rate_interval|__interval_ms|__interval|__range_ms|__range_s|__range)\}|(__rate_interval_ms|__rate_interval|__interval_ms|__interval|__range_ms|__range_s|__range)(?!\w))/g;

const wholeMs = (ms: number) => Math.max(0, Math.round(ms));
const duration = (ms: number) => formatPrometheusDuration(Math.max(1, wholeMs(ms)));

/** `$__rate_interval` in ms: max(requested interval + S, 4 × S), S = the query's step or the scrape interval. */
export function rateIntervalMs(values: IntervalValues): number {
  const scrapeMs = values.queryStepMs ?? values.scrapeIntervalMs;
  // A hostile interval cannot make an unwritable duration: nothing longer than the longest range.
  const requested = values.requestedIntervalMs > 0 ? Math.min(values.requestedIntervalMs, MAX_RANGE_MS) : 0;
  return Math.max(requested + scrapeMs, 4 * scrapeMs);
}

/** Replaces `$__rate_interval`, `$__interval`, `$__range` (and their `_ms`/`_s` forms, braced or not). */
export function interpolateIntervals(expr: string, values: IntervalValues): string {
  const rateMs = rateIntervalMs(values);
  const rangeSeconds = Math.round(values.rangeMs / 1000);
  return expr.replace(VARIABLE, (_whole, braced?: string, bare?: string) => {
    switch (braced ?? bare) {
      case '__rate_interval':
        return duration(rateMs);
      case '__rate_interval_ms':
        return String(wholeMs(rateMs));
      case '__interval':
        return duration(values.stepMs);
      case '__interval_ms':
        return String(wholeMs(values.stepMs));
      case '__range':
        return formatPrometheusDuration(Math.max(0, rangeSeconds) * 1000);
      case '__range_ms':
        return String(wholeMs(values.rangeMs));
      default: // __range_s
        return String(rangeSeconds);
    }
  });
}
