import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SeriesState } from '../store/metricStore.ts';

/**
 * A job's state between runs, for OTLP with cumulative temporality: the totals so far and the start
 * time of the cumulative streams, so that the next run continues them (monotonic, same start time)
 * instead of starting new ones at 0. JSON:
 * `{ "format": "sieve-state", "version": 1, "startTimeMs": <unix ms>, "series": [SeriesState...], "pushedTo"?: <group URL> }`.
 */
export const STATE_FORMAT = 'sieve-state';
export const STATE_VERSION = 1;

export interface SavedState {
  readonly startTimeMs: number;
  readonly series: readonly SeriesState[];
  /**
   * The Pushgateway group (its URL, without credentials) these totals were last pushed to: a run
   * of that group continues from the file instead of reading the whole Pushgateway back.
   */
  readonly pushedTo?: string;
}

/** The saved state, or undefined if there is none yet. A file that is not a state throws, naming it. */
export function loadState(path: string): SavedState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const parsed = JSON.parse(text) as { format?: unknown; version?: unknown; startTimeMs?: unknown; series?: unknown };
  if (parsed.format !== STATE_FORMAT || parsed.version !== STATE_VERSION) {
    throw new Error(`stateFile ${path}: not a ${STATE_FORMAT} version ${STATE_VERSION} file`);
  }
  if (typeof parsed.startTimeMs !== 'number' || !Array.isArray(parsed.series)) {
    throw new Error(`stateFile ${path}: startTimeMs or series missing`);
  }
  const pushedTo = (parsed as { pushedTo?: unknown }).pushedTo;
  return {
    startTimeMs: parsed.startTimeMs,
    series: parsed.series as SeriesState[],
    ...(typeof pushedTo === 'string' && { pushedTo }),
  };
}

/** Writes the state atomically (a temp file renamed over the old one), so a kill never leaves half a file. */
export function saveState(path: string, state: SavedState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(
    tmp,
    JSON.stringify({
      format: STATE_FORMAT,
      version: STATE_VERSION,
      startTimeMs: state.startTimeMs,
      series: state.series,
      pushedTo: state.pushedTo,
    })
  );
  renameSync(tmp, path);
}
