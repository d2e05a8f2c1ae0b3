import type { Attributes } from '@opentelemetry/api';
import { binIndex } from '@sieve/scoring';
import { LABEL, METRICS, OVERFLOW_ATTRIBUTE, prometheusLabel, type MetricKey } from '../catalog/index.ts';
import { capLabelValue } from './labelValue.ts';

/**
 * In-process state of every Sieve metric. Handles bind their series ONCE, at setup, and the hot
 * path then only does `cell.value += n` or `cell.counts[i]++`: no attribute objects, no hashing.
 * The exporters (producer.ts, observableBridge.ts) read the cells at collection time.
 */

/** Default series per metric and handle (dataset, feature, model version, pipeline), as the OTel SDK default. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;
/** Default ceiling on a metric's real series over all its handles, in multiples of the per-handle limit. */
export const DEFAULT_MAX_SERIES_FACTOR = 10;

export interface ScalarCell {
  readonly attributes: Attributes;
  /** Counters start at 0; gauges at NaN, which means "not set yet" and is not exported. */
  value: number;
  /**
   * Counters: the part of `value` restored from an earlier run (a delta producer never re-sends it).
   * Gauges: the value restored, so that rebase() tells a gauge this process set from one it only read.
   */
  restored?: number;
}

export interface HistogramCell {
  readonly attributes: Attributes;
  /** Upper bounds (`le`) of every bucket but the last, which is +Inf. */
  readonly boundaries: readonly number[];
  /** The same bounds as a Float64Array, for binIndex: one array kind keeps its call sites monomorphic. */
  readonly bounds: Float64Array;
  /** Per-bucket (non-cumulative) counts, boundaries.length + 1 of them. */
  readonly counts: Float64Array;
  sum: number;
  /** The part of counts and sum restored from an earlier run (a delta producer never re-sends it). */
  restored?: { readonly counts: Float64Array; sum: number };
}

/**
 * One series of a saved state (a Pushgateway group, a state file): counters and gauges carry
 * `value`, histograms `boundaries`, per-bucket `counts` and `sum`.
 */
export interface SeriesState {
  /** The catalog key of the metric. */
  readonly metric: MetricKey;
  readonly labels: Readonly<Record<string, string>>;
  readonly value?: number;
  readonly boundaries?: readonly number[];
  readonly counts?: readonly number[];
  readonly sum?: number;
}

/** What this process had recorded itself, per cell, when its last push succeeded (see MetricStore.rebase). */
export class PushLedger {
  readonly scalars = new WeakMap<ScalarCell, number>();
  readonly histograms = new WeakMap<HistogramCell, { readonly counts: Float64Array; readonly sum: number }>();
}

/** Adds one value, already validated by the caller, to a histogram cell. */
export function recordInHistogram(cell: HistogramCell, value: number): void {
  cell.counts[binIndex(cell.bounds, value)]++;
  cell.sum += value;
}

type Def<K extends MetricKey> = (typeof METRICS)[K];
type KeysOfType<T extends string> = { [K in MetricKey]: Def<K>['type'] extends T ? K : never }[MetricKey];
export type CounterKey = KeysOfType<'counter'>;
export type GaugeKey = KeysOfType<'gauge'>;
export type HistogramKey = KeysOfType<'histogram'>;
/** The label values of one series: only the catalog's labels for that metric are accepted. */
export type LabelValues<K extends MetricKey> = Partial<Record<Def<K>['labels'][number], string>>;

type Cell = ScalarCell | HistogramCell;

interface MetricSeries {
  readonly cells: Map<string, Cell>;
  /** Real series per scope (see scopeOf), against the limit. */
  readonly perScope: Map<string, number>;
  /** The overflow series of each scope that reached the limit. */
  readonly overflow: Map<string, Cell>;
}

/**
 * The labels that name a handle. The cardinality limit applies per metric AND per handle, so a
 * dataset keyed by ids (a new field per record) fills only its own share and cannot stop the
 * other datasets, features or models from recording.
 */
const SCOPE_LABELS: readonly string[] = [LABEL.pipeline, LABEL.dataset, LABEL.feature, LABEL.model, LABEL.version];

/** The handle labels of a series' attributes (none for the instrumentation's own metrics). */
function scopeOf(attributes: Readonly<Record<string, string>>): Record<string, string> {
  const scope: Record<string, string> = {};
  for (const l of SCOPE_LABELS) if (attributes[l] !== undefined) scope[l] = attributes[l];
  return scope;
}

export class MetricStore {
  readonly cardinalityLimit: number;
  /**
   * The most real series of one metric over all handles: many handles, each within its own limit,
   * still cannot make a metric unbounded. Past it, a new series goes to its handle's overflow series.
   */
  readonly maxSeries: number;
  /** Unix ms at which the store was created: the start time of every cumulative series. */
  startTimeMs = Date.now();
  private readonly series = new Map<MetricKey, MetricSeries>();
  private readonly hooks: Array<(nowMs: number) => void> = [];
  /** Restored histogram states waiting for their handle (its buckets decide whether they fit). */
  private readonly pendingHistograms = new Map<string, SeriesState>();

  constructor(
    cardinalityLimit: number = DEFAULT_CARDINALITY_LIMIT,
    maxSeries: number = DEFAULT_MAX_SERIES_FACTOR * cardinalityLimit
  ) {
    this.cardinalityLimit = cardinalityLimit;
    this.maxSeries = maxSeries;
    this.gauge('instrumentationCardinalityLimit', {}).value = cardinalityLimit;
  }

  counter<K extends CounterKey>(key: K, labels: LabelValues<K>): ScalarCell {
    return this.bind(key, labels, (attributes) => ({ attributes, value: 0 })) as ScalarCell;
  }

  gauge<K extends GaugeKey>(key: K, labels: LabelValues<K>): ScalarCell {
    return this.bind(key, labels, (attributes) => ({ attributes, value: NaN })) as ScalarCell;
  }

  histogram<K extends HistogramKey>(key: K, labels: LabelValues<K>, boundaries: readonly number[]): HistogramCell {
    const make = (attributes: Attributes): HistogramCell => ({
      attributes,
      boundaries: [...boundaries],
      bounds: Float64Array.from(boundaries),
      counts: new Float64Array(boundaries.length + 1),
      sum: 0,
    });
    const cell = this.bind(key, labels, make) as HistogramCell;
    this.applyPendingHistogram(key, cell);
    // Buckets with different edges cannot be merged: a feature folded into an overflow series made
    // for other edges gets a detached cell. It still works in process and is counted as overflow.
    return sameBoundaries(cell.boundaries, boundaries) ? cell : make(cell.attributes);
  }

  /** Every bound series of a metric, the overflow series last. */
  *cells(key: MetricKey): Iterable<Cell> {
    const s = this.series.get(key);
    if (!s) return;
    yield* s.cells.values();
    yield* s.overflow.values();
  }

  /** Runs before every collection: derived values (PSI, last update) are computed then, off the hot path. */
  onCollect(hook: (nowMs: number) => void): void {
    this.hooks.push(hook);
  }

  prepareCollection(nowMs: number = Date.now()): void {
    for (const _ of this.prepareInSteps(nowMs));
  }

  /** The same, one hook per step, so that a scrape can give the event loop back in between (scrapeServer.ts). */
  *prepareInSteps(nowMs: number = Date.now()): Generator<undefined, void, undefined> {
    for (const hook of this.hooks) {
      try {
        hook(nowMs);
      } catch {
        // A failing derived value must never break the scrape; the series keeps its last value.
      }
      yield;
    }
  }

  /**
   * Adds the state of an earlier run (same identity) to this one, so that counters continue from
   * where it left off instead of restarting at 0. Counters add, gauges fill in only what this
   * process has not set yet, histograms add when their buckets are the same as the handle's
   * (otherwise they restart: a counter reset, which Prometheus handles). Overflow series and
   * unknown or malformed entries are skipped. Never throws.
   */
  restore(states: Iterable<SeriesState>): void {
    for (const st of states) {
      try {
        const def = METRICS[st.metric];
        if (!def) continue;
        // An overflow series read back (a Pushgateway group) has no labels to bind it to: without its
        // `otel_metric_overflow` label it would come back as a made-up real series.
        if (OVERFLOW_LABELS.some((l) => l in st.labels)) continue;
        const labels = Object.fromEntries(Object.entries(st.labels).filter(([k]) => def.labels.includes(k as never)));
        if (def.type === 'histogram') {
          if (!st.boundaries || !st.counts || st.counts.length !== st.boundaries.length + 1) continue;
          if (!st.counts.every(isAmount) || !isFiniteNumber(st.sum)) continue;
          const id = `${st.metric} ${JSON.stringify(this.attributesOf(st.metric, labels))}`;
          this.pendingHistograms.set(id, st);
          const s = this.series.get(st.metric);
          const existing = s?.cells.get(JSON.stringify(this.attributesOf(st.metric, labels)));
          if (existing) this.applyPendingHistogram(st.metric, existing as HistogramCell);
          continue;
        }
        if (!isFiniteNumber(st.value)) continue;
        const cell = this.bind(st.metric, labels as never, (attributes) => ({
          attributes,
          value: def.type === 'counter' ? 0 : NaN,
        })) as ScalarCell;
        if (cell.attributes[OVERFLOW_ATTRIBUTE]) continue;
        if (def.type === 'counter') {
          if (!isAmount(st.value)) continue;
          cell.value += st.value;
          cell.restored = (cell.restored ?? 0) + st.value;
        } else if (Number.isNaN(cell.value)) cell.value = cell.restored = st.value;
      } catch {
        // A bad entry in a saved state must not stop the job.
      }
    }
  }

  /**
   * Rebases counters and histograms on `states`, a shared group as read just before pushing over
   * it (the Pushgateway's PUT replaces the group): each becomes the group's value plus what this
   * process recorded since its last successful push (`pushed`). Runs of one identity that overlap
   * then each add their own increments to the group as it is now, instead of the last one's total
   * replacing the others'. What this process recorded itself (value minus restored) is unchanged.
   * Returns `commit`, to call once the push succeeded: a failed push leaves `pushed` as it was, so
   * the next one carries those increments again. Gauges this process did not set take the group's
   * current value (an overlapping run may have pushed a newer one since this one read it); a
   * `*_timestamp_seconds` gauge it did set never goes back below the group's (the run that ends
   * last may have started first); other gauges it set are its own.
   */
  rebase(states: Iterable<SeriesState>, pushed: PushLedger): () => void {
    const list = [...states];
    this.rebaseGauges(list);
    const pending: Array<() => void> = [];
    for (const [metric, s] of this.series) {
      const type = METRICS[metric].type;
      if (type === 'gauge') continue;
      for (const cell of s.cells.values()) {
        if ('counts' in cell) {
          const zero = { counts: new Float64Array(cell.counts.length), sum: 0 };
          const restored = cell.restored ?? zero;
          const last = pushed.histograms.get(cell) ?? zero;
          const own = {
            counts: cell.counts.map((n, i) => n - (restored.counts[i] as number)),
            sum: cell.sum - restored.sum,
          };
          // The group's part is added by restore() below.
          cell.counts.set(own.counts.map((n, i) => n - (last.counts[i] ?? 0)));
          cell.sum = own.sum - last.sum;
          cell.restored = { counts: last.counts.map((n) => -n), sum: -last.sum };
          pending.push(() => pushed.histograms.set(cell, own));
        } else {
          const own = cell.value - (cell.restored ?? 0);
          const last = pushed.scalars.get(cell) ?? 0;
          cell.value = own - last;
          cell.restored = -last;
          pending.push(() => pushed.scalars.set(cell, own));
        }
      }
    }
    this.restore(list);
    return () => {
      for (const p of pending) p();
    };
  }

  /** The gauge part of rebase(). Never throws. */
  private rebaseGauges(states: readonly SeriesState[]): void {
    for (const st of states) {
      try {
        const def = METRICS[st.metric];
        if (def?.type !== 'gauge' || !isFiniteNumber(st.value)) continue;
        if (OVERFLOW_LABELS.some((l) => l in st.labels)) continue;
        const cell = this.series.get(st.metric)?.cells.get(JSON.stringify(this.attributesOf(st.metric, st.labels)));
        if (!cell || 'counts' in cell) continue; // not bound here: restore() adds it
        const setHere = !Number.isNaN(cell.value) && !Object.is(cell.value, cell.restored);
        if (!setHere) cell.value = cell.restored = st.value;
        else if (def.name.endsWith('_timestamp_seconds') && st.value > cell.value) {
          cell.value = cell.restored = st.value;
        }
      } catch {
        // A bad entry in the group must not stop the push.
      }
    }
  }

  /** Every series as a saved state (overflow series left out: their labels are not known). */
  *snapshot(): Iterable<SeriesState> {
    for (const [metric, s] of this.series) {
      for (const cell of s.cells.values()) {
        const labels = cell.attributes as Record<string, string>;
        if ('counts' in cell) {
          yield { metric, labels, boundaries: cell.boundaries, counts: Array.from(cell.counts), sum: cell.sum };
        } else if (!Number.isNaN(cell.value)) yield { metric, labels, value: cell.value };
      }
    }
  }

  private applyPendingHistogram(key: MetricKey, cell: HistogramCell): void {
    const id = `${key} ${JSON.stringify(cell.attributes)}`;
    const st = this.pendingHistograms.get(id);
    if (!st) return;
    this.pendingHistograms.delete(id);
    if (!st.boundaries || !st.counts || !sameBoundaries(cell.boundaries, st.boundaries)) return;
    const restored = cell.restored ?? { counts: new Float64Array(cell.counts.length), sum: 0 };
    st.counts.forEach((n, i) => {
      cell.counts[i] = (cell.counts[i] as number) + n;
      restored.counts[i] = (restored.counts[i] as number) + n;
    });
    cell.sum += st.sum ?? 0;
    restored.sum += st.sum ?? 0;
    cell.restored = restored;
  }

  /** The attributes a series with these labels gets: catalog order, capped values. */
  private attributesOf(key: MetricKey, labels: Record<string, string | undefined>): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const name of METRICS[key].labels as readonly string[]) {
      const v = labels[name];
      if (v !== undefined) attributes[name] = capLabelValue(v);
    }
    return attributes;
  }

  private bind<K extends MetricKey>(key: K, labels: LabelValues<K>, make: (a: Attributes) => Cell): Cell {
    const def = METRICS[key];
    const allowed: readonly string[] = def.labels;
    const values: Record<string, string | undefined> = labels;
    for (const name of Object.keys(values)) {
      if (!allowed.includes(name)) throw new Error(`${def.name}: label ${JSON.stringify(name)} is not in the catalog`);
    }
    const attributes = this.attributesOf(key, values);
    const id = JSON.stringify(attributes);
    let s = this.series.get(key);
    if (!s) {
      s = { cells: new Map(), perScope: new Map(), overflow: new Map() };
      this.series.set(key, s);
    }
    const existing = s.cells.get(id);
    if (existing) return existing;
    const scope = scopeOf(attributes);
    const scopeId = JSON.stringify(scope);
    const used = s.perScope.get(scopeId) ?? 0;
    // N − 1 real series plus one overflow series per handle, as the OTel SDK counts its limit; and
    // at most maxSeries real series of the metric in all (the overflow counter itself is exempt: it
    // has one series per handle and metric, and handles come from code, not data).
    const within = used < this.cardinalityLimit - 1 && s.cells.size < this.maxSeries;
    if (within || key === 'instrumentationOverflow') {
      const cell = make(Object.freeze(attributes));
      s.cells.set(id, cell);
      s.perScope.set(scopeId, used + 1);
      return cell;
    }
    this.counter('instrumentationOverflow', { ...scope, [LABEL.metric]: def.name }).value++;
    let overflow = s.overflow.get(scopeId);
    if (!overflow) {
      overflow = make(Object.freeze({ ...scope, [OVERFLOW_ATTRIBUTE]: true }));
      s.overflow.set(scopeId, overflow);
    }
    return overflow;
  }
}

/** The overflow attribute as the store sets it and as Prometheus (a Pushgateway group) spells it. */
const OVERFLOW_LABELS = [OVERFLOW_ATTRIBUTE, prometheusLabel(OVERFLOW_ATTRIBUTE)];

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isAmount = (v: unknown): v is number => isFiniteNumber(v) && v >= 0;

function sameBoundaries(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
