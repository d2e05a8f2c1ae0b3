import { scoreSeries } from '../anomaly/scoreSeries.ts';
import type { DetectorName } from '../anomaly/types.ts';
import type { NabResult } from './normalise.ts';
import { scoreCorpus } from './normalise.ts';
import type { CostMatrix, ProfileName } from './profiles.ts';
import { PROFILE_NAMES } from './profiles.ts';
import type { LabelledRows } from './windows.ts';

/** One NAB series with its labels, already parsed. */
export interface NabCorpusFile {
  /** `category/file.csv`, as in the label files. */
  name: string;
  timestampsMs: Float64Array;
  values: Float64Array;
  rows: LabelledRows;
}

export interface DetectorEvaluation {
  detector: DetectorName;
  /** Anomaly scores per file, in corpus order. */
  scores: Float64Array[];
  results: Record<ProfileName, NabResult>;
}

/** Runs one detector over every file (batch mode) and scores it under each profile. */
export function evaluateDetector(
  corpus: readonly NabCorpusFile[],
  detector: DetectorName,
  params: Record<string, number> | undefined,
  profiles: Record<ProfileName, CostMatrix>
): DetectorEvaluation {
  const scores = corpus.map((f) => scoreSeries(detector, params, f.timestampsMs, f.values).score);
  const files = corpus.map((f, i) => ({ rows: f.rows, scores: scores[i]! }));
  const results = {} as Record<ProfileName, NabResult>;
  for (const p of PROFILE_NAMES) results[p] = scoreCorpus(files, profiles[p]);
  return { detector, scores, results };
}
