import { LABEL, parsePrometheusDuration } from '@sieve/otel-instrumentation/catalog';
import type { DataFrame, DataQuery } from '../sdk/index.ts';
import { computeDrift, type FeatureData } from './driftCompute.ts';
import { driftNumericFrames, driftTable, driftTimeSeriesFrames } from './driftFrames.ts';
import {
  bucketIncrease,
  categoryIncrease,
  DRIFT_RESERVED_LABELS,
  exportedBaseline,
  exportedBaselineSamples,
} from './driftPromql.ts';
import { groupInstant, groupRange, type ByFeature } from './groupSeries.ts';
import { parseLabelMatchers, type LabelMatcher } from './labelMatchers.ts';
import type { PrometheusClient } from './prometheusClient.ts';
import { DEFAULT_WINDOW, type DriftQuery } from './querySchema.ts';
import { buildGrid, checkRange, gridSteps, type Grid } from './timeRange.ts';

/**
 * Runs a drift query. Time series format: at each step t, the current window (t − window, t] is
 * compared with the baseline. Table format and alert evaluation: one value per feature, the current
 * window being the whole query range (or `window` ending at its end).
 */
export async function runDrift(
  client: PrometheusClient,
  query: DataQuery,
  model: DriftQuery,
  options: { fromAlert: boolean; signal: AbortSignal; scrapeIntervalMs: number }
): Promise<DataFrame[]> {
  const matchers = parseLabelMatchers(model.features, 'drift query', 'features', DRIFT_RESERVED_LABELS);
  const executed: string[] = [];
  const f: Fetchers = { client, matchers, signal: options.signal, executed };

  // One value per feature (table, alerts) or one per step (time series); `offsetMs` shifts the window back.
  let grid: Grid | undefined;
  let readWindow: (offsetMs?: number) => Promise<FeatureData>;
  let endMs: number;
  let spanMs: number;
  if (options.fromAlert || model.format === 'table') {
    const { fromMs, toMs } = checkRange(query, 'drift');
    const windowMs = model.window ?? toMs - fromMs;
    readWindow = (offsetMs) => instantCounts(f, toMs, windowMs, offsetMs);
    [endMs, spanMs] = [toMs, windowMs];
  } else {
    const g = buildGrid(query, 'drift', model.step, options.scrapeIntervalMs);
    const windowMs = model.window ?? Math.max(parsePrometheusDuration(DEFAULT_WINDOW) as number, g.stepMs);
    readWindow = (offsetMs) => rangeCounts(f, g, windowMs, offsetMs);
    [grid, endMs, spanMs] = [g, g.endMs, g.endMs - g.startMs + windowMs];
  }

  const baseline = model.baseline;
  const [current, reference] = await Promise.all([
    readWindow(),
    baseline.type === 'offset'
      ? readWindow(baseline.offset)
      : baseline.type === 'range'
        ? instantCounts(f, baseline.to, baseline.to - baseline.from)
        : exportedCounts(f, endMs, spanMs),
  ]);

  const drift = computeDrift(current, reference, model.measure, { verdicts: !grid });
  const executedQueryString = executed.join('\n');
  if (options.fromAlert) return driftNumericFrames(drift, model.measure, executedQueryString, model.alertValue);
  if (!grid) return [driftTable(drift, model.measure, executedQueryString, model.features)];
  return driftTimeSeriesFrames(drift, model.measure, grid, executedQueryString, model.features);
}

interface Fetchers {
  client: PrometheusClient;
  matchers: LabelMatcher[];
  signal: AbortSignal;
  executed: string[];
}

/**
 * Observations per (feature, bin) in the window of `windowMs` (shifted back `offsetMs`): one
 * bucket query and one category query, run with `fetch` and grouped by the bin label with `group`.
 */
async function windowCounts<R>(
  f: Fetchers,
  windowMs: number,
  offsetMs: number | undefined,
  steps: number,
  fetch: (expr: string) => Promise<R>,
  group: (result: R, binLabel: string) => ByFeature
): Promise<FeatureData> {
  const buckets = bucketIncrease(f.matchers, windowMs, offsetMs);
  const categories = categoryIncrease(f.matchers, windowMs, offsetMs);
  f.executed.push(buckets, categories);
  const [b, c] = await Promise.all([fetch(buckets), fetch(categories)]);
  return { numeric: group(b, LABEL.le), categorical: group(c, LABEL.category), steps };
}

function rangeCounts(f: Fetchers, grid: Grid, windowMs: number, offsetMs?: number): Promise<FeatureData> {
  return windowCounts(
    f,
    windowMs,
    offsetMs,
    gridSteps(grid),
    (expr) => f.client.queryRange(expr, grid, f.signal),
    (series, binLabel) => groupRange(series, LABEL.feature, binLabel, grid)
  );
}

function instantCounts(f: Fetchers, atMs: number, windowMs: number, offsetMs?: number): Promise<FeatureData> {
  return windowCounts(
    f,
    windowMs,
    offsetMs,
    1,
    (expr) => f.client.queryInstant(expr, atMs, f.signal),
    (samples, binLabel) => groupInstant(samples, LABEL.feature, binLabel)
  );
}

/**
 * The baseline the instrumentation exports, latest within `lookbackMs` of `atMs` (at least 5
 * minutes): its shares, and its sample count per feature where exported.
 */
async function exportedCounts(f: Fetchers, atMs: number, lookbackMs: number): Promise<FeatureData> {
  const lookback = Math.max(lookbackMs, 300_000);
  const expr = exportedBaseline(f.matchers, lookback);
  const sizesExpr = exportedBaselineSamples(f.matchers, lookback);
  f.executed.push(expr, sizesExpr);
  const [samples, sizes] = await Promise.all([
    f.client.queryInstant(expr, atMs, f.signal),
    f.client.queryInstant(sizesExpr, atMs, f.signal),
  ]);
  const referenceSizes = new Map<string, number>();
  for (const s of sizes) {
    const feature = s.labels[LABEL.feature];
    if (feature !== undefined && s.value > 0 && Number.isFinite(s.value)) referenceSizes.set(feature, s.value);
  }
  // Numeric baselines carry `upper_bound` (the bucket `le`), categorical ones `category`.
  return {
    numeric: groupInstant(samples, LABEL.feature, LABEL.upperBound),
    categorical: groupInstant(
      samples.filter((s) => !s.labels[LABEL.upperBound]),
      LABEL.feature,
      LABEL.category
    ),
    steps: 1,
    shares: true,
    referenceSizes,
  };
}
