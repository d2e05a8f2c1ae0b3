/**
 * The replay's accelerated clock: `speed` simulated seconds pass per wall second, from `start`
 * to `end`, then the replay starts over at `start` (so a long-running demo never runs dry).
 */
export interface SimClock {
  /** Simulated ms since the epoch at wall time `wallMs`. */
  at(wallMs?: number): number;
  /** How many times the replay has wrapped around by `wallMs`. */
  lap(wallMs?: number): number;
  /** Wall ms at which the replay, in its lap at `wallMs`, was at simulated time `simMs`. */
  wallOf(simMs: number, wallMs?: number): number;
  readonly start: number;
  readonly end: number;
  readonly speed: number;
}

export function simClock(start: number, end: number, speed: number, wallStart = Date.now()): SimClock {
  if (!(end > start)) throw new Error(`simClock: end must be after start`);
  if (!(speed > 0)) throw new Error(`simClock: speed must be positive, got ${speed}`);
  const span = end - start;
  const elapsed = (wallMs: number) => Math.max(0, wallMs - wallStart) * speed;
  return {
    start,
    end,
    speed,
    at: (wallMs = Date.now()) => start + (elapsed(wallMs) % span),
    lap: (wallMs = Date.now()) => Math.floor(elapsed(wallMs) / span),
    wallOf: (simMs, wallMs = Date.now()) => wallMs - (start + (elapsed(wallMs) % span) - simMs) / speed,
  };
}
