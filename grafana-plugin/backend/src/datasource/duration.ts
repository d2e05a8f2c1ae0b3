/**
 * Prometheus duration strings (`90s`, `5m`, `1h30m`, `7d`, `2w`, `1y`, `250ms`) to milliseconds.
 * Units as in Prometheus: a day is 24 h, a week 7 days, a year 365 days.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** Milliseconds, or undefined when `text` is not a Prometheus duration. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(PART)) ms += Number(n) * (UNIT_MS[unit as string] as number);
  return ms;
}

/** Milliseconds as the shortest exact Prometheus duration (`86400000` → `1d`); for PromQL range selectors. */
export function formatDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`formatDuration: ${ms} is not a positive integer`);
  let rest = ms;
  let out = '';
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit] as number;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
