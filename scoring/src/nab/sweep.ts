import type { CostMatrix } from './profiles.ts';
import type { LabelledRows } from './windows.ts';
import { OUTSIDE, PROBATION } from './windows.ts';

/** One detector's scores for one labelled file. */
export interface ScoredFile {
  rows: LabelledRows;
  /** Anomaly score per row, in [0, 1]; NaN counts as 0 (never a detection above threshold 0). */
  scores: ArrayLike<number>;
}

export interface ThresholdScore {
  /** A row is a detection when its score is >= threshold. */
  threshold: number;
  /** Raw NAB score (sum over files). */
  score: number;
  /** Windows with at least one detection. */
  detectedWindows: number;
  /** Scorable windows without a detection. */
  missedWindows: number;
  /** Detections outside every window (after probation). */
  falsePositives: number;
}

/**
 * NAB's threshold sweep (sweeper.py calcScoreByThreshold) over a whole corpus: rows sorted by
 * score, highest first; each distinct score is a candidate threshold. Only the earliest (highest
 * sigmoid) detection in a window counts; later ones in the same window cost nothing; detections
 * outside windows add fpWeight × their negative sigmoid. Returns one entry per candidate threshold,
 * from "detect nothing" (threshold +Infinity) down to the lowest score.
 */
export function sweepThresholds(files: readonly ScoredFile[], costs: CostMatrix): ThresholdScore[] {
  let total = 0;
  let windowCount = 0;
  for (const [i, f] of files.entries()) {
    if (f.scores.length !== f.rows.window.length) {
      throw new Error(`files[${i}]: ${f.scores.length} scores for ${f.rows.window.length} rows`);
    }
    total += f.rows.window.length;
    windowCount += f.rows.totalWindows;
  }
  // Flatten scorable rows: global window id (or OUTSIDE), weighted sweep score, anomaly score.
  const score = new Float64Array(total);
  const win = new Int32Array(total);
  const sweep = new Float64Array(total);
  let m = 0;
  let offset = 0;
  let scorableWindows = 0;
  const scorable = new Uint8Array(windowCount);
  for (const f of files) {
    const { window, sigmoid } = f.rows;
    for (let r = 0; r < window.length; r++) {
      const w = window[r]!;
      if (w === PROBATION) continue;
      const s = f.scores[r]!;
      score[m] = Number.isNaN(s) ? 0 : s;
      if (w === OUTSIDE) {
        win[m] = OUTSIDE;
        sweep[m] = sigmoid[r]! * costs.fpWeight;
      } else {
        win[m] = offset + w;
        sweep[m] = sigmoid[r]! * costs.tpWeight;
        if (!scorable[offset + w]) {
          scorable[offset + w] = 1;
          scorableWindows++;
        }
      }
      m++;
    }
    offset += f.rows.totalWindows;
  }
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => score[b]! - score[a]!);

  const best = new Float64Array(windowCount).fill(-costs.fnWeight);
  let current = -costs.fnWeight * scorableWindows;
  let detected = 0;
  let fps = 0;
  const out: ThresholdScore[] = [];
  const push = (threshold: number) =>
    out.push({
      threshold,
      score: current,
      detectedWindows: detected,
      missedWindows: scorableWindows - detected,
      falsePositives: fps,
    });
  push(Infinity);
  for (let k = 0; k < m;) {
    const s = score[order[k]!]!;
    for (; k < m && score[order[k]!] === s; k++) {
      const i = order[k]!;
      const w = win[i]!;
      if (w === OUTSIDE) {
        current += sweep[i]!;
        fps++;
      } else if (sweep[i]! > best[w]!) {
        if (best[w] === -costs.fnWeight) detected++;
        current += sweep[i]! - best[w]!;
        best[w] = sweep[i]!;
      }
    }
    push(s);
  }
  return out;
}

/** The threshold with the highest score; ties go to the highest threshold (NAB's stable sort). */
export function optimiseThreshold(files: readonly ScoredFile[], costs: CostMatrix): ThresholdScore {
  const all = sweepThresholds(files, costs);
  let best = all[0]!;
  for (const t of all) if (t.score > best.score) best = t;
  return best;
}

/** The corpus score at a fixed threshold (the candidate at or just above it, as NAB's scoreDataSet). */
export function scoreAtThreshold(files: readonly ScoredFile[], costs: CostMatrix, threshold: number): ThresholdScore {
  const all = sweepThresholds(files, costs);
  let match = all[0]!;
  for (const t of all) {
    if (t.threshold < threshold) break;
    match = t;
  }
  return match;
}
