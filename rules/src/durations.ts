/** Prometheus-style durations (`5m`, `1h`, `30d`) as whole seconds, and back. */

const DURATION = /^(\d+)(ms|s|m|h|d|w)$/;
const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };
/** The units formatDuration writes, largest first; no `w`, so a 7d period stays `7d` as written. */
const FORMAT_UNITS = ['d', 'h', 'm', 's'] as const;

export function isDuration(text: string): boolean {
  return DURATION.test(text);
}

/** Seconds in a single-unit duration; throws on anything else. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new Error(`not a duration: "${text}" (use a number and one unit: 30s, 5m, 1h, 30d)`);
  return Number(match[1]) * (SECONDS[match[2] ?? 's'] ?? 1);
}

/** The shortest exact Prometheus spelling: 3600 → `1h`, 90 → `90s`, 0.5 → `500ms`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`invalid duration ${seconds}s`);
  if (seconds === 0) return '0s';
  if (!Number.isInteger(seconds)) return `${Math.round(seconds * 1000)}ms`;
  for (const unit of FORMAT_UNITS) {
    const size = SECONDS[unit] as number;
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
