import { formatDuration, parseDuration } from './durations.ts';

/**
 * Compresses time for live tests: every window and `for:` hold is multiplied by `factor` (1 in
 * production, e.g. 1/60 in tests, where 1h becomes 1m). Rule names keep the nominal window, so
 * compressed and production rules differ only in their durations.
 */
export interface TimeScale {
  readonly factor: number;
  /** The scaled Prometheus duration for a nominal one. */
  duration(nominal: string): string;
  seconds(nominal: string): number;
}

export function timeScale(factor = 1): TimeScale {
  if (!(factor > 0 && factor <= 1)) throw new Error(`time scale must be in (0, 1], got ${factor}`);
  const seconds = (nominal: string) => {
    const s = parseDuration(nominal) * factor;
    // Sub-second windows would hold no samples at a 1s scrape; whole seconds keep output stable.
    return factor === 1 ? s : Math.max(1, Math.round(s));
  };
  return { factor, seconds, duration: (nominal) => formatDuration(seconds(nominal)) };
}
