import type { CostMatrix } from './profiles.ts';
import type { ScoredFile, ThresholdScore } from './sweep.ts';
import { optimiseThreshold } from './sweep.ts';

export interface NabResult extends ThresholdScore {
  /** 100 · (raw − null) / (perfect − null). */
  normalised: number;
  /** The null detector (never detects): −fnWeight per scorable window. */
  nullScore: number;
  /** The perfect detector: tpWeight per window (NAB counts every labelled window). */
  perfectScore: number;
}

/** NAB's normalisation (runner.py normalize). */
export function normaliseScore(raw: number, nullScore: number, perfectScore: number): number {
  return (100 * (raw - nullScore)) / (perfectScore - nullScore);
}

/** Optimises the threshold for one profile and normalises the best score. */
export function scoreCorpus(files: readonly ScoredFile[], costs: CostMatrix): NabResult {
  const best = optimiseThreshold(files, costs);
  let windows = 0;
  let scorable = 0;
  for (const f of files) {
    windows += f.rows.totalWindows;
    scorable += f.rows.scorableWindows;
  }
  const nullScore = -costs.fnWeight * scorable;
  const perfectScore = costs.tpWeight * windows;
  return { ...best, nullScore, perfectScore, normalised: normaliseScore(best.score, nullScore, perfectScore) };
}
