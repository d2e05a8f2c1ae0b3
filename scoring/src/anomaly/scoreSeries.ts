import { createScorer } from './registry.ts';
import type { DetectorName, ScoredSeries } from './types.ts';

/**
 * Batch mode: runs a fresh streaming detector over the whole series (its scoreInto: the same steps
 * as update, written straight into the arrays), so the output is identical to streaming.
 */
export function scoreSeries(
  name: DetectorName,
  params: Record<string, number> | undefined,
  timestampsMs: ArrayLike<number>,
  values: ArrayLike<number>
): ScoredSeries {
  if (timestampsMs.length !== values.length) {
    throw new Error(`timestampsMs has ${timestampsMs.length} entries but values has ${values.length}`);
  }
  const n = values.length;
  const out: ScoredSeries = {
    score: new Float64Array(n),
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    anomaly: new Uint8Array(n),
  };
  createScorer(name, params).scoreInto(timestampsMs, values, out);
  return out;
}
