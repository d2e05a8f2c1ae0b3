import { DETECTORS, scoreSeries } from '@sieve/scoring';
import type { DataFrame, DataQuery } from '../sdk/index.ts';
import { anomalyAlertFrames, anomalyFrames, seriesName, type ScoredPanelSeries } from './anomalyFrames.ts';
import { interpolateIntervals } from './intervalVariables.ts';
import type { PrometheusClient, RangeSeries } from './prometheusClient.ts';
import type { AnomalyQuery } from './querySchema.ts';
import { buildGrid, gridSteps, MAX_POINTS } from './timeRange.ts';
import { maskUnscored, pointsToScore, warmUpNotice, type SeriesWarmUp } from './warmUp.ts';

/** Warm-up scored before the panel range when the query sets none, in steps (at least the detector's window). */
export const DEFAULT_WARMUP_STEPS = 1000;

/**
 * How many steps of history to fetch before the panel range, so that the first visible points are
 * scored by a warmed-up detector: `warmup` from the query, else max(1000 steps, the detector's
 * `window` parameter). Clipped so that warm-up + panel stay within MAX_POINTS per series (the
 * Prometheus limit); a clipped warm-up is reported as a notice.
 */
export function warmupSteps(
  model: AnomalyQuery,
  stepMs: number,
  panelSteps: number
): { steps: number; clipped: boolean } {
  const spec = DETECTORS[model.detector].params;
  const detectorWindow = model.params.window ?? spec.window?.default ?? 0;
  const wanted =
    model.warmup !== undefined
      ? Math.ceil(model.warmup / stepMs)
      : Math.max(DEFAULT_WARMUP_STEPS, Math.ceil(detectorWindow));
  const room = Math.max(0, MAX_POINTS - panelSteps);
  return { steps: Math.min(wanted, room), clipped: wanted > room };
}

/** Fetches `expr` over warm-up + panel range, scores every series, and returns the panel part. */
export async function runAnomaly(
  client: PrometheusClient,
  query: DataQuery,
  model: AnomalyQuery,
  options: { fromAlert: boolean; signal: AbortSignal; scrapeIntervalMs: number }
): Promise<DataFrame[]> {
  const grid = buildGrid(query, 'anomaly', model.step, options.scrapeIntervalMs);
  const panelSteps = gridSteps(grid);
  const warmup = warmupSteps(model, grid.stepMs, panelSteps);
  const startMs = Math.max(0, grid.startMs - warmup.steps * grid.stepMs);
  const expr = interpolateIntervals(model.expr, {
    stepMs: grid.stepMs,
    requestedIntervalMs: query.intervalMs,
    rangeMs: grid.toMs - grid.fromMs,
    scrapeIntervalMs: options.scrapeIntervalMs,
    ...(model.step === undefined ? {} : { queryStepMs: model.step }),
  });
  const needed = pointsToScore(model.detector, model.params);
  // Each series is scored and cut to the panel as soon as it has arrived, while Prometheus still
  // writes the rest.
  const results = await client.queryRangeMapped(
    expr,
    { startMs, endMs: grid.endMs, stepMs: grid.stepMs },
    options.signal,
    {
      key: JSON.stringify(['anomaly', model.detector, model.params, grid.startMs]),
      each: (s) => scorePanelSeries(s, model, needed, grid.startMs, expr),
    }
  );
  const scored = results.map((r) => r.series);
  const warmUps = results.map((r) => r.warmUp);
  const notices = [
    warmUpNotice(warmUps, needed),
    warmup.clipped
      ? `warm-up clipped to ${warmup.steps} steps to stay within ${MAX_POINTS} points per series; use a larger step for a longer warm-up`
      : undefined,
  ].filter((n): n is string => n !== undefined);
  // The PromQL Prometheus ran (interval variables filled in), for the query inspector.
  return options.fromAlert
    ? anomalyAlertFrames(scored, expr, notices)
    : anomalyFrames(scored, expr, notices, grid.stepMs);
}

/**
 * Scores one fetched series (warm-up history included) and keeps its panel part, from
 * `panelStartMs` on, with what it lacks there. Gaps stay gaps: the detector sees only real
 * samples, in time order.
 */
export function scorePanelSeries(
  s: RangeSeries,
  model: Pick<AnomalyQuery, 'detector' | 'params'>,
  needed: number,
  panelStartMs: number,
  expr: string
): { series: ScoredPanelSeries; warmUp: SeriesWarmUp } {
  const result = scoreSeries(model.detector, model.params, s.timestampsMs, s.values);
  const masked = maskUnscored(s.values, result, needed);
  let first = 0;
  while (first < s.timestampsMs.length && (s.timestampsMs[first] as number) < panelStartMs) first++;
  let unscored = 0;
  let seenBefore = 0;
  for (let i = 0; i < s.values.length; i++) {
    if (!Number.isFinite(s.values[i])) continue;
    if (i < first) seenBefore++;
    else if (Number.isNaN(masked.score[i])) unscored++;
  }
  return {
    series: {
      labels: s.labels,
      timestampsMs: s.timestampsMs.subarray(first),
      value: s.values.subarray(first),
      expected: result.expected.subarray(first),
      lower: result.lower.subarray(first),
      upper: result.upper.subarray(first),
      score: masked.score.subarray(first),
      anomaly: masked.anomaly.subarray(first),
    },
    warmUp: { name: seriesName(s.labels, expr), unscored, seen: masked.seen, seenBefore },
  };
}
