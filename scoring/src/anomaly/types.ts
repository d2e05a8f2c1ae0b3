/** The detectors this package implements; `ensemble` combines the others. */
export type DetectorName = 'zscore' | 'ewma' | 'seasonal' | 'holtwinters' | 'ensemble';

/** What a detector says about one point. */
export interface AnomalyPoint {
  /** How anomalous the point is, in [0, 1] (0 for NaN input and during warm-up). */
  score: number;
  /** The value the detector expected (NaN while it has no estimate). */
  expected: number;
  /** Lower edge of the normal band (NaN while it has no estimate). */
  lower: number;
  /** Upper edge of the normal band (NaN while it has no estimate). */
  upper: number;
  /** True when the detector flags the point. */
  anomaly: boolean;
}

/** A detector fed one point at a time, in timestamp order, with bounded memory. */
export interface StreamingDetector {
  update(timestampMs: number, value: number): AnomalyPoint;
}

/**
 * Scores a whole series into preallocated (zeroed) arrays without a result object per point;
 * gives exactly what update() would, point by point.
 */
export interface BatchScorer {
  scoreInto(timestampsMs: ArrayLike<number>, values: ArrayLike<number>, out: ScoredSeries): void;
}

/** Schema of one numeric parameter. */
export interface ParamSpec {
  default: number;
  min: number;
  max: number;
  description: string;
}

export interface DetectorSpec {
  description: string;
  params: Record<string, ParamSpec>;
}

/** Batch output: one entry per input point. */
export interface ScoredSeries {
  score: Float64Array;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  anomaly: Uint8Array;
}
