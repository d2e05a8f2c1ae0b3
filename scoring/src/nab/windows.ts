/**
 * NAB's per-row geometry (nab/sweeper.py calcSweepScore): which window each row belongs to and
 * its scaled-sigmoid value, independent of the cost profile.
 */

/** A label window [start, end], inclusive, in epoch ms. */
export interface NabWindow {
  startMs: number;
  endMs: number;
}

/** Row kinds besides a window index (>= 0). */
export const OUTSIDE = -1;
export const PROBATION = -2;

export interface LabelledRows {
  /** Window index in this file for rows inside one, else OUTSIDE or PROBATION. */
  window: Int32Array;
  /**
   * Inside a window: scaledSigmoid(position) / scaledSigmoid(-1), in (0, 1]; multiply by tpWeight.
   * Outside: scaledSigmoid(distance past the previous window), in [-1, 0); multiply by fpWeight.
   */
  sigmoid: Float64Array;
  /** 1 for rows inside a window (probation included), as in NAB results files' `label` column. */
  label: Uint8Array;
  /** Windows that have at least one scorable row (the rest fall inside probation). */
  scorableWindows: number;
  /** All windows of the file. */
  totalWindows: number;
}

/** 2·sigmoid(-5y) - 1, fixed at -1 beyond y = 3: NAB's sweeper tests `y > 3.0`, so y = 3 itself keeps its sigmoid. */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** Rows not scored at the start of a file: floor(15 % of the rows), at most 15 % of 5000. */
export function probationLength(rows: number, probationPercent = 0.15): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/**
 * Assigns every row (in file order) to a window or to the gaps between windows. Windows must be
 * sorted and disjoint. A window starts at the first row at or after its start and ends before the
 * first later row past its end (NAB matches exact timestamps; this is the same on its data, where a
 * few rows are out of order).
 */
export function labelRows(
  timestampsMs: ArrayLike<number>,
  windows: readonly NabWindow[],
  probationPercent = 0.15
): LabelledRows {
  const n = timestampsMs.length;
  for (let w = 0; w < windows.length; w++) {
    const win = windows[w]!;
    if (!(win.endMs >= win.startMs)) throw new Error(`window ${w} ends before it starts`);
    if (w > 0 && !(win.startMs > windows[w - 1]!.endMs))
      throw new Error(`window ${w} overlaps or precedes window ${w - 1}`);
  }
  const window = new Int32Array(n).fill(OUTSIDE);
  const label = new Uint8Array(n);
  const sigmoid = new Float64Array(n);
  const maxTp = scaledSigmoid(-1);
  const probation = probationLength(n, probationPercent);
  // Row ranges of each window.
  const left = new Int32Array(windows.length).fill(-1);
  const right = new Int32Array(windows.length).fill(-1);
  let i = 0;
  for (let w = 0; w < windows.length; w++) {
    const win = windows[w]!;
    while (i < n && timestampsMs[i]! < win.startMs) i++;
    let j = i;
    while (j < n && timestampsMs[j]! <= win.endMs) j++;
    if (j > i) {
      left[w] = i;
      right[w] = j - 1;
    }
    i = j;
  }
  let prevRight = -1;
  let prevWidth = 0;
  let w = 0;
  const scorable = new Uint8Array(windows.length);
  for (let r = 0; r < n; r++) {
    while (w < windows.length && (right[w]! < 0 || right[w]! < r)) {
      if (right[w]! >= 0 && right[w]! < r) {
        prevRight = right[w]!;
        prevWidth = right[w]! - left[w]! + 1;
      }
      w++;
    }
    const inWindow = w < windows.length && left[w]! >= 0 && r >= left[w]!;
    if (inWindow) {
      const width = right[w]! - left[w]! + 1;
      sigmoid[r] = scaledSigmoid(-(right[w]! - r + 1) / width) / maxTp;
    } else {
      // Before any window NAB uses -1.0 directly (not the sigmoid); a one-row previous window would
      // divide by zero in NAB, and is treated as far away (-1) too.
      sigmoid[r] = prevRight >= 0 && prevWidth > 1 ? scaledSigmoid((r - prevRight) / (prevWidth - 1)) : -1;
    }
    if (inWindow) label[r] = 1;
    if (r < probation) window[r] = PROBATION;
    else if (inWindow) {
      window[r] = w;
      scorable[w] = 1;
    }
  }
  let scorableWindows = 0;
  for (const s of scorable) scorableWindows += s;
  return { window, sigmoid, label, scorableWindows, totalWindows: windows.length };
}
