/**
 * Prometheus durations, with Prometheus' own grammar (`model.ParseDuration`): one or more
 * `<integer><unit>` parts, units in the order y, w, d, h, m, s, ms and each at most once
 * (`1h30m`, `2d12h`, `500ms`), or a bare `0`. A year is 365 days, a week 7 days, a day 24 hours.
 * The one parser for the rules generator and the datasource, so both accept exactly what
 * Prometheus accepts. Dependency-free, like the rest of the catalog entry point.
 */

const UNIT_MS = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const UNITS = Object.keys(UNIT_MS) as Unit[];

const GRAMMAR = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
/** Go's time.Duration is int64 nanoseconds; Prometheus refuses anything longer. */
const MAX_MS = 9_223_372_036_854;

/** What a valid duration looks like, for error messages. */
export const PROMETHEUS_DURATION_HINT = 'a Prometheus duration such as 30s, 5m, 1h30m or 30d';

/** Milliseconds in `text`, or undefined when Prometheus would refuse it. */
export function parsePrometheusDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const match = GRAMMAR.exec(text);
  if (!match) return undefined;
  let ms = 0;
  UNITS.forEach((unit, i) => {
    const n = match[i + 1];
    if (n !== undefined) ms += Number(n) * UNIT_MS[unit];
  });
  return Number.isSafeInteger(ms) && ms <= MAX_MS ? ms : undefined;
}

export function isPrometheusDuration(text: string): boolean {
  return parsePrometheusDuration(text) !== undefined;
}

/**
 * The canonical spelling of a whole number of milliseconds: `5400000` → `1h30m`, `0` → `0s`. Days
 * are the largest unit, so `7d` and `30d` stay as people write SLO periods.
 */
export function formatPrometheusDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`not a whole, non-negative number of ms: ${ms}`);
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * UNIT_MS[unit];
    }
  }
  return out;
}
