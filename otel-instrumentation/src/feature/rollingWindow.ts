/**
 * Counts over a rolling time window, derived from cumulative counts without touching the hot path:
 * snapshots of the cumulative counts are kept (at most SNAPSHOTS per window, taken whenever the
 * window is read), and the window's counts are "now" minus the newest snapshot that is at least
 * one window old. The window is therefore exact at snapshot times and at most one snapshot spacing
 * (window / SNAPSHOTS, or the time between reads if longer) longer than asked. Until the process
 * is one window old, the window starts at creation.
 */
const SNAPSHOTS = 16;

interface Snapshot {
  readonly t: number;
  readonly counts: Float64Array;
}

export class RollingWindow {
  readonly windowMs: number;
  private readonly snapshots: Snapshot[];

  constructor(windowMs: number, bins: number, startMs: number) {
    this.windowMs = windowMs;
    this.snapshots = [{ t: startMs, counts: new Float64Array(bins) }];
  }

  /** Counts added to `cumulative` during the window that ends at `nowMs`. */
  countsAt(cumulative: Float64Array, nowMs: number): Float64Array {
    const last = this.snapshots[this.snapshots.length - 1] as Snapshot;
    if (nowMs - last.t >= this.windowMs / SNAPSHOTS) this.snapshots.push({ t: nowMs, counts: cumulative.slice() });
    // Keep the newest snapshot at or before the window start, and everything after it.
    const start = nowMs - this.windowMs;
    let base = 0;
    while (base + 1 < this.snapshots.length && (this.snapshots[base + 1] as Snapshot).t <= start) base++;
    if (base > 0) this.snapshots.splice(0, base);
    const from = (this.snapshots[0] as Snapshot).counts;
    const out = new Float64Array(cumulative.length);
    for (let i = 0; i < out.length; i++) out[i] = (cumulative[i] as number) - (from[i] as number);
    return out;
  }
}
