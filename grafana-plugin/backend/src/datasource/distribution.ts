import { OTHER_CATEGORY } from '@sieve/otel-instrumentation/catalog';
import { parsePromFloat } from './promFloat.ts';

/**
 * A feature's binned distribution over a grid of evaluation times, built from what Prometheus
 * returns, before any drift math.
 *
 * Numeric features come from a classic histogram: one cumulative count per `le` bucket. With
 * Prometheus `le` semantics (value ≤ le), sorted upper edges e_0 < … < e_{k−1} < +Inf give the bins
 * (−∞, e_0], (e_0, e_1], …, (e_{k−1}, +∞): exactly '@sieve/scoring' `binIndex` bins for `edges` =
 * the finite `le` values, which is how the instrumentation bins. Per-bin count = cumulative minus
 * the cumulative of the previous edge.
 *
 * Categorical features come from one counter per category, the `__other__` category last.
 */
export interface Distribution {
  kind: 'numeric' | 'categorical';
  /** Bin names: the `le` of each bucket (`+Inf` last) or each category. */
  bins: string[];
  /** Numeric only: the finite upper edges (bins.length − 1 of them). */
  edges?: number[];
  /** counts[bin][step]; NaN where there was no data at that step. */
  counts: Float64Array[];
  steps: number;
}

/** Series values keyed by the bin label (`le` or `category`), aligned to the grid; NaN where absent. */
export type KeyedSeries = Map<string, Float64Array>;

/**
 * Cumulative `le` buckets to per-bin counts. Buckets whose `le` parse to the same number (`1` and
 * `1.0` from two exporters) are summed. Differences below zero, which `increase()` extrapolation
 * can produce by a hair, are clamped to zero. Returns an error string when the histogram is unusable.
 */
export function numericDistribution(buckets: KeyedSeries, steps: number): Distribution | string {
  const byEdge = new Map<number, Float64Array>();
  for (const [le, values] of buckets) {
    const edge = parsePromFloat(le);
    if (Number.isNaN(edge)) return `bucket le="${le}" is not a number`;
    const sum = byEdge.get(edge);
    if (!sum) byEdge.set(edge, Float64Array.from(values));
    else for (let i = 0; i < steps; i++) sum[i] = (sum[i] as number) + (values[i] as number);
  }
  const sorted = [...byEdge.keys()].sort((a, b) => a - b);
  if (sorted.at(-1) !== Infinity) return 'histogram has no +Inf bucket';
  const cumulativeByBin = sorted.map((e) => byEdge.get(e) as Float64Array);
  const counts = sorted.map(() => new Float64Array(steps));
  const previous = new Float64Array(steps);
  for (let b = 0; b < sorted.length; b++) {
    const cumulative = cumulativeByBin[b] as Float64Array;
    const out = counts[b] as Float64Array;
    for (let i = 0; i < steps; i++) {
      const c = cumulative[i] as number;
      const p = previous[i] as number;
      out[i] = Math.max(0, c - p);
      previous[i] = Math.max(p, c);
    }
  }
  return {
    kind: 'numeric',
    bins: sorted.map((e) => (e === Infinity ? '+Inf' : String(e))),
    edges: sorted.slice(0, -1),
    counts,
    steps,
  };
}

/** Per-category counts; a category absent at a step where others have data counted 0. */
export function categoricalDistribution(categories: KeyedSeries, steps: number): Distribution {
  const names = [...categories.keys()].sort(compareCategories);
  const counts = names.map((name) => Float64Array.from(categories.get(name) as Float64Array));
  for (let i = 0; i < steps; i++) {
    if (counts.every((c) => Number.isNaN(c[i]))) continue;
    for (const c of counts) if (Number.isNaN(c[i])) c[i] = 0;
  }
  return { kind: 'categorical', bins: names, counts, steps };
}

/** Sorted by name, `__other__` last, so that bins line up the same way everywhere. */
function compareCategories(a: string, b: string): number {
  if (a === OTHER_CATEGORY) return b === OTHER_CATEGORY ? 0 : 1;
  if (b === OTHER_CATEGORY) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Puts a baseline and a current distribution on the same bins. Numeric bins must be identical (the
 * bin spec is fixed by the baseline; different edges mean the feature was re-binned). Categorical
 * bins are united, a category missing on one side counting 0 there.
 */
export function alignBins(
  reference: Distribution,
  current: Distribution
): { reference: Distribution; current: Distribution } | string {
  if (reference.kind !== current.kind) return `baseline is ${reference.kind} but current data is ${current.kind}`;
  if (reference.kind === 'numeric') {
    const same = reference.bins.length === current.bins.length && reference.bins.every((b, i) => b === current.bins[i]);
    return same
      ? { reference, current }
      : `bin edges differ between baseline (${reference.bins.join(', ')}) and current data (${current.bins.join(', ')})`;
  }
  const names = [...new Set([...reference.bins, ...current.bins])].sort(compareCategories);
  const widen = (d: Distribution): Distribution => ({
    ...d,
    bins: names,
    counts: names.map((n) => {
      const at = d.bins.indexOf(n);
      if (at >= 0) return d.counts[at] as Float64Array;
      // Missing category: 0 wherever the distribution has data, NaN where it has none.
      const any = d.counts[0];
      return Float64Array.from({ length: d.steps }, (_, i) => (any && Number.isNaN(any[i]) ? NaN : 0));
    }),
  });
  return { reference: widen(reference), current: widen(current) };
}

/** The count vector at one step, or undefined when any bin has no data there. */
export function countsAt(d: Distribution, step: number): Float64Array | undefined {
  const out = new Float64Array(d.bins.length);
  return countsInto(d, step, out) ? out : undefined;
}

/** Fills `out` (length = bins) with the counts at `step`; false when any bin has no data there. */
export function countsInto(d: Distribution, step: number, out: Float64Array): boolean {
  for (let b = 0; b < out.length; b++) {
    const v = (d.counts[b] as Float64Array)[step] as number;
    if (Number.isNaN(v)) return false;
    out[b] = v;
  }
  return true;
}
