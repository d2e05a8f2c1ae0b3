import { normalTailLog10 } from './normalTail.ts';
import type { ParamSpec } from './types.ts';

/**
 * Anomaly likelihood (after Numenta's, Ahmad et al. 2017): a point is unusual when the recent
 * average surprise is improbable given how surprising this series normally is. This makes the
 * score self-calibrating across series (noisy series stop alarming on their noise) and emphasises
 * sustained changes of level or variance over lone blips.
 *
 * surprise a = min(|z|, cap) / cap in [0, 1]
 * m = mean of a over the last `shortWindow` points
 * μ, σ² = exponentially weighted mean and variance of m over about `longWindow` points
 * score = -log10(2·Q((m - μ) / σ)) / 10, clipped to [0, 1]: 0 at or below the usual level,
 *         0.5 when the recent surprise is that high with probability 1e-5 (Q = normal upper tail)
 */
export const LIKELIHOOD_PARAMS = {
  shortWindow: { default: 8, min: 1, max: 1000, description: 'Points averaged into the recent surprise.' },
  longWindow: {
    default: 2000,
    min: 10,
    max: 1_000_000,
    description: 'Points (roughly) over which the normal surprise level is learned.',
  },
  warmup: { default: 250, min: 0, max: 1_000_000, description: 'Points scored 0 while the detector learns.' },
  zCap: { default: 6, min: 1, max: 1000, description: 'Robust z at which the per-point surprise saturates.' },
  alarm: { default: 0.5, min: 0, max: 1, description: 'Score at which a point is flagged (0.5 ⇔ p = 1e-5).' },
  cooldown: {
    default: 400,
    min: 0,
    max: 1_000_000,
    description: 'Points after an alarm during which scores are damped.',
  },
} satisfies Record<string, ParamSpec>;

export type LikelihoodParams = Record<keyof typeof LIKELIHOOD_PARAMS, number>;

/** Floor for σ of the averaged surprise, so a perfectly quiet history does not make every wobble certain. */
const MIN_SIGMA = 0.02;
const LOG10_2 = Math.log10(2);

export class AnomalyLikelihood {
  private readonly ring: Float64Array;
  private head = 0;
  private filled = 0;
  private sum = 0;
  private mean = 0;
  private variance = 0;
  private seen = 0;
  private readonly alpha: number;
  private readonly zCap: number;
  private readonly warmup: number;

  constructor(p: LikelihoodParams) {
    this.ring = new Float64Array(Math.max(1, Math.round(p.shortWindow)));
    this.alpha = 1 / p.longWindow;
    this.zCap = p.zCap;
    this.warmup = p.warmup;
  }

  /** Scores one finite z (NaN z = no forecast yet: counts as no surprise). */
  score(z: number): number {
    const a = Number.isNaN(z) ? 0 : Math.min(Math.abs(z), this.zCap) / this.zCap;
    const ring = this.ring;
    this.sum += a - (this.filled === ring.length ? ring[this.head]! : 0);
    ring[this.head] = a;
    this.head = this.head + 1 === ring.length ? 0 : this.head + 1;
    if (this.filled < ring.length) this.filled++;
    // Recompute the sum now and then so rounding cannot drift.
    if (this.head === 0) {
      let s = 0;
      for (let i = 0; i < ring.length; i++) s += ring[i]!;
      this.sum = s;
    }
    const m = this.sum / this.filled;
    this.seen++;
    let score = 0;
    if (this.seen > this.warmup) {
      const sigma = Math.max(Math.sqrt(this.variance), MIN_SIGMA);
      const x = (m - this.mean) / sigma;
      // Two-sided-style p = 2·Q(x): 1 at the usual level, so no surprise scores exactly 0.
      if (x > 0) score = Math.min(1, (normalTailLog10(x) + LOG10_2) / -10);
    }
    // Learn the normal level of m (slowly; the first points learn fast so warm-up is short).
    const w = Math.max(this.alpha, 1 / this.seen);
    const d = m - this.mean;
    this.mean += w * d;
    this.variance = (1 - w) * (this.variance + w * d * d);
    return score;
  }
}
