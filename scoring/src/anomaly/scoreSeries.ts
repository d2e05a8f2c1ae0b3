import { createDetector } from './registry.ts';
import type { DetectorName, ScoredSeries } from './types.ts';

/**
 * Batch mode: runs a fresh streaming detector over the whole series, so the output is identical to
 * streaming by construction.
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
  const detector = createDetector(name, params);
  for (let i = 0; i < n; i++) {
    const p = detector.update(timestampsMs[i]!, values[i]!);
    out.score[i] = p.score;
    out.expected[i] = p.expected;
    out.lower[i] = p.lower;
    out.upper[i] = p.upper;
    out.anomaly[i] = p.anomaly ? 1 : 0;
  }
  return out;
}
