/**
 * Counts over a rolling time window, derived from cumulative counts without touching the per-value
 * hot path: snapshots of the cumulative counts are taken at most SNAPSHOTS times per window (before
 * each batch and at each read), and the window's counts are "now" minus the oldest snapshot inside
 * the window. The window is therefore within one snapshot spacing of the asked length; if no
 * snapshot falls inside it, or none with data (reads sparser than the window), it reaches back to
 * the last snapshot before it rather than going empty. Until the process is one window old, it
 * starts at creation.
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

  /** Records `cumulative` as of `nowMs` if the last snapshot is older than the snapshot spacing. */
  snapshot(cumulative: Float64Array, nowMs: number): void {
    const last = this.snapshots[this.snapshots.length - 1] as Snapshot;
    if (nowMs - last.t < this.windowMs / SNAPSHOTS) return;
    this.snapshots.push({ t: nowMs, counts: cumulative.slice() });
    // Keep one snapshot at or before the window start, and all after it: memory stays bounded.
    const start = nowMs - this.windowMs;
    while (this.snapshots.length > 1 && (this.snapshots[1] as Snapshot).t <= start) this.snapshots.shift();
  }

  /** Snapshots held (at most SNAPSHOTS + 2). */
  get size(): number {
    return this.snapshots.length;
  }

  /** Counts added to `cumulative` during the window that ends at `nowMs`. */
  countsAt(cumulative: Float64Array, nowMs: number): Float64Array {
    const start = nowMs - this.windowMs;
    let base = this.snapshots.findIndex((s) => s.t >= start);
    if (base < 0) base = this.snapshots.length - 1;
    // Sparse snapshots must not empty a window that has data: step back to the one before the start.
    else if (base > 0 && sameCounts((this.snapshots[base] as Snapshot).counts, cumulative)) base--;
    const from = (this.snapshots[base] as Snapshot).counts;
    const out = new Float64Array(cumulative.length);
    for (let i = 0; i < out.length; i++) out[i] = (cumulative[i] as number) - (from[i] as number);
    // Older snapshots can never be a base again: window starts only move forward.
    if (base > 0) this.snapshots.splice(0, base);
    this.snapshot(cumulative, nowMs);
    return out;
  }
}

function sameCounts(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
