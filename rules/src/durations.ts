import {
  formatPrometheusDuration,
  parsePrometheusDuration,
  PROMETHEUS_DURATION_HINT,
} from '@sieve/otel-instrumentation/catalog';

/** The generator works in seconds; parsing is the shared Prometheus parser of the catalog. */

export const DURATION_HINT = `expected ${PROMETHEUS_DURATION_HINT}`;

export function isDuration(text: string): boolean {
  return parsePrometheusDuration(text) !== undefined;
}

/** Seconds in a Prometheus duration (`1h30m` → 5400); throws on anything Prometheus refuses. */
export function parseDuration(text: string): number {
  const ms = parsePrometheusDuration(text);
  if (ms === undefined) throw new Error(`not a duration: "${text}" (${DURATION_HINT})`);
  return ms / 1000;
}

/** The canonical Prometheus spelling of a number of seconds: 5400 → `1h30m`, 0.5 → `500ms`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`invalid duration ${seconds}s`);
  return formatPrometheusDuration(Math.round(seconds * 1000));
}
