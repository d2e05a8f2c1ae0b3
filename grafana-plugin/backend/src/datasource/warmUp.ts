import { DETECTORS, type DetectorName, type ScoredSeries } from '@sieve/scoring';

/**
 * Where a detector has not scored a point yet. Scoring writes score 0 (and anomaly 0) for a point
 * without a band (the model has no forecast yet), for the first `warmup` finite points (its
 * likelihood is still learning how surprising the series usually is) and for a missing value.
 * A 0 there would read "normal" on panels and in alert rules, so such points get no score.
 */

/** Finite points a detector must have seen before it scores: its `warmup` parameter + 1. */
export function pointsToScore(detector: DetectorName, params: Readonly<Record<string, number>>): number {
  const warmup = params['warmup'] ?? DETECTORS[detector].params['warmup']?.default ?? 0;
  return Math.max(0, Math.ceil(warmup)) + 1;
}

/** Score and anomaly flag with NaN (null in the frame) where the detector gave no real score. */
export interface MaskedScores {
  score: Float64Array;
  anomaly: Float64Array;
  /** Finite values the detector saw in the whole fetched series (warm-up history included). */
  seen: number;
}

export function maskUnscored(values: ArrayLike<number>, scored: ScoredSeries, needed: number): MaskedScores {
  const n = values.length;
  const score = new Float64Array(n);
  const anomaly = new Float64Array(n);
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const finite = Number.isFinite(values[i]);
    if (finite) seen++;
    const banded = !Number.isNaN(scored.lower[i] as number) && !Number.isNaN(scored.upper[i] as number);
    const real = finite && banded && seen >= needed;
    score[i] = real ? (scored.score[i] as number) : NaN;
    anomaly[i] = real ? (scored.anomaly[i] as number) : NaN;
  }
  return { score, anomaly, seen };
}

/** What one series lacks within the panel range. */
export interface SeriesWarmUp {
  name: string;
  /** Panel points with a value but no score. */
  unscored: number;
  /** Finite values in the whole fetched series, and in the history before the panel range. */
  seen: number;
  seenBefore: number;
}

/**
 * The notice for the first frame, about the series with the most unscored points: still short of
 * points (`detector warming up: N of M points`), short of them when the range began, or with
 * enough points but no band yet (a seasonal model needs a day of history).
 */
export function warmUpNotice(series: readonly SeriesWarmUp[], needed: number): string | undefined {
  const short = series.filter((s) => s.unscored > 0);
  if (!short.length) return undefined;
  const worst = short.reduce((a, b) => (b.unscored > a.unscored ? b : a));
  const others = short.length > 1 ? ` (and ${short.length - 1} more series)` : '';
  const what =
    worst.seen < needed
      ? `${worst.seen} of ${needed} points in ${worst.name}${others}; none of its ${worst.unscored} points in the range has a score yet`
      : worst.seenBefore < needed
        ? `${worst.name} had ${worst.seenBefore} of ${needed} points before the range${others}; its first ${worst.unscored} points in the range have no score`
        : `no band yet for ${worst.unscored} points of ${worst.name} in the range${others}; the model needs more history`;
  return `detector warming up: ${what} (null, not 0)`;
}
