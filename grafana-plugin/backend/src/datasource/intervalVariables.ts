import { formatPrometheusDuration } from '@sieve/otel-instrumentation/catalog';

/**
 * Grafana's interval variables in an anomaly expression (`rate(x[$__rate_interval])`), replaced
 * here, in the backend, as Grafana's Prometheus datasource does in its own backend: Grafana's
 * frontend defines `$__rate_interval` only for Prometheus queries, and alert rules never pass a
 * frontend. The values follow the anomaly query's step, so a panel's rate window follows its
 * interval, and `$__rate_interval` always spans at least four scrapes.
 */

/** The scrape interval Grafana assumes for Prometheus when a datasource sets none. */
export const DEFAULT_SCRAPE_INTERVAL_MS = 15_000;

export interface IntervalValues {
  /** The step the expression is evaluated at (Grafana's `$__interval`). */
  stepMs: number;
  /** The panel's time range. */
  rangeMs: number;
  scrapeIntervalMs?: number;
}

const VARIABLE =
  /\$(?:\{(__rate_interval_ms|__rate_interval|__interval_ms|__interval|__range_ms|__range_s|__range)\}|(__rate_interval_ms|__rate_interval|__interval_ms|__interval|__range_ms|__range_s|__range)(?!\w))/g;

function duration(ms: number): string {
  return formatPrometheusDuration(Math.max(1000, Math.round(ms / 1000) * 1000));
}

/** Replaces `$__rate_interval`, `$__interval`, `$__range` (and their `_ms`/`_s` forms, braced or not). */
export function interpolateIntervals(expr: string, values: IntervalValues): string {
  const scrapeMs = values.scrapeIntervalMs ?? DEFAULT_SCRAPE_INTERVAL_MS;
  // Grafana's rule: max($__interval + scrape interval, 4 × scrape interval).
  const rateMs = Math.max(values.stepMs + scrapeMs, 4 * scrapeMs);
  return expr.replace(VARIABLE, (_whole, braced?: string, bare?: string) => {
    switch (braced ?? bare) {
      case '__rate_interval':
        return duration(rateMs);
      case '__rate_interval_ms':
        return String(Math.round(rateMs));
      case '__interval':
        return duration(values.stepMs);
      case '__interval_ms':
        return String(Math.round(values.stepMs));
      case '__range':
        return duration(values.rangeMs);
      case '__range_ms':
        return String(Math.round(values.rangeMs));
      default: // __range_s
        return String(Math.round(values.rangeMs / 1000));
    }
  });
}
