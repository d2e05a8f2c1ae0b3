/**
 * Leave-one-category-out evaluation: the score a detector gets on series nobody tuned it on. For
 * each category with labelled windows, the threshold is optimised on every OTHER category and the
 * held-out category is scored at that threshold. Categories without windows (artificialNoAnomaly)
 * are never a fold of their own (their normalised score is undefined) but are always scored, at the
 * threshold tuned on all windowed categories, so their false positives count in the pooled score.
 */
import { normaliseScore } from './normalise.ts';
import type { CostMatrix } from './profiles.ts';
import { optimiseThreshold, scoreAtThreshold, type ScoredFile } from './sweep.ts';

export interface LocoFold {
  category: string;
  /** Threshold tuned on the other categories. */
  threshold: number;
  /** The held-out category's normalised score at that threshold. */
  normalised: number;
  /** Its own best threshold and score, for comparison (what tuning on it would give). */
  ownThreshold: number;
  ownNormalised: number;
  detectedWindows: number;
  missedWindows: number;
  falsePositives: number;
}

export interface LocoResult {
  /** Normalised score of all held-out results pooled (each file scored at its fold's threshold). */
  normalised: number;
  /** The worst fold. */
  minFold: number;
  /** The mean over folds. */
  meanFold: number;
  folds: LocoFold[];
}

export interface CategorisedFile extends ScoredFile {
  category: string;
}

export function leaveOneCategoryOut(files: readonly CategorisedFile[], costs: CostMatrix): LocoResult {
  const categories = [...new Set(files.map((f) => f.category))].sort();
  const windowed = categories.filter((c) => files.some((f) => f.category === c && f.rows.totalWindows > 0));
  if (windowed.length < 2)
    throw new Error(`leaveOneCategoryOut: needs ≥ 2 categories with windows, got ${windowed.length}`);
  const folds: LocoFold[] = [];
  let raw = 0;
  for (const category of windowed) {
    const train = files.filter((f) => f.category !== category);
    const held = files.filter((f) => f.category === category);
    const threshold = optimiseThreshold(train, costs).threshold;
    const s = scoreAtThreshold(held, costs, threshold);
    const own = optimiseThreshold(held, costs);
    const [nullScore, perfect] = bounds(held, costs);
    raw += s.score;
    folds.push({
      category,
      threshold,
      normalised: normaliseScore(s.score, nullScore, perfect),
      ownThreshold: own.threshold,
      ownNormalised: normaliseScore(own.score, nullScore, perfect),
      detectedWindows: s.detectedWindows,
      missedWindows: s.missedWindows,
      falsePositives: s.falsePositives,
    });
  }
  const quiet = files.filter((f) => !windowed.includes(f.category));
  if (quiet.length) {
    const threshold = optimiseThreshold(
      files.filter((f) => windowed.includes(f.category)),
      costs
    ).threshold;
    raw += scoreAtThreshold(quiet, costs, threshold).score;
  }
  const [nullScore, perfect] = bounds(files, costs);
  const normalisedFolds = folds.map((f) => f.normalised);
  return {
    normalised: normaliseScore(raw, nullScore, perfect),
    minFold: Math.min(...normalisedFolds),
    meanFold: normalisedFolds.reduce((a, b) => a + b, 0) / folds.length,
    folds,
  };
}

function bounds(files: readonly ScoredFile[], costs: CostMatrix): [nullScore: number, perfect: number] {
  let windows = 0;
  let scorable = 0;
  for (const f of files) {
    windows += f.rows.totalWindows;
    scorable += f.rows.scorableWindows;
  }
  return [-costs.fnWeight * scorable, costs.tpWeight * windows];
}
