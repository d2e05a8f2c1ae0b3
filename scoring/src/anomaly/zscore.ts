import { RollingOrderStats } from './rollingOrderStats.ts';
import type { AnomalyPoint, DetectorSpec, StreamingDetector } from './types.ts';
import { resolveParams } from './params.ts';

/** 1.4826 × MAD estimates σ for normal data. */
const MAD_TO_SIGMA = 1.4826;

export const ZSCORE_SPEC = {
  description: 'Robust rolling z-score: distance from the window median in units of 1.4826 × MAD.',
  params: {
    window: { default: 288, min: 8, max: 100_000, description: 'Points in the rolling window.' },
    threshold: { default: 3.5, min: 0.5, max: 100, description: 'Robust z at which a point is flagged.' },
    minPoints: { default: 16, min: 2, max: 100_000, description: 'Points needed before scoring.' },
  },
} satisfies DetectorSpec;

export class ZScoreDetector implements StreamingDetector {
  private readonly stats: RollingOrderStats;
  private readonly threshold: number;
  private readonly minPoints: number;
  private lastT = -Infinity;

  constructor(params?: Record<string, number>) {
    const p = resolveParams('zscore', ZSCORE_SPEC.params, params);
    this.stats = new RollingOrderStats(Math.round(p.window));
    this.threshold = p.threshold;
    this.minPoints = Math.round(p.minPoints);
  }

  update(timestampMs: number, value: number): AnomalyPoint {
    const m = this.stats.median();
    const sigma = Math.max(MAD_TO_SIGMA * this.stats.mad(m), 1e-9 * Math.abs(m), 1e-12);
    const half = this.threshold * sigma;
    const ready = this.stats.size >= this.minPoints;
    if (Number.isNaN(value)) return { score: 0, expected: m, lower: m - half, upper: m + half, anomaly: false };
    const z = ready ? Math.abs(value - m) / sigma : 0;
    this.stats.push(value);
    const score = z <= 0 ? 0 : 1 - Math.exp(-0.5 * (z / this.threshold) ** 2 * 9);
    return { score, expected: m, lower: m - half, upper: m + half, anomaly: ready && z >= this.threshold };
  }
}
