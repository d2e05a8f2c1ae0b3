import type { Attributes } from '@opentelemetry/api';
import { binIndex } from '@sieve/scoring';
import { LABEL, METRICS, OVERFLOW_ATTRIBUTE, type MetricKey } from '../catalog/index.ts';
import { capLabelValue } from './labelValue.ts';

/**
 * In-process state of every Sieve metric. Handles bind their series ONCE, at setup, and the hot
 * path then only does `cell.value += n` or `cell.counts[i]++`: no attribute objects, no hashing.
 * The exporters (producer.ts, observableBridge.ts) read the cells at collection time.
 */

/** Default series per metric, the same as the OTel SDK's default cardinality limit. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

export interface ScalarCell {
  readonly attributes: Attributes;
  /** Counters start at 0; gauges at NaN, which means "not set yet" and is not exported. */
  value: number;
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
  overflow: Cell | undefined;
}

export class MetricStore {
  readonly cardinalityLimit: number;
  /** Unix ms at which the store was created: the start time of every cumulative series. */
  readonly startTimeMs = Date.now();
  private readonly series = new Map<MetricKey, MetricSeries>();
  private readonly hooks: Array<(nowMs: number) => void> = [];

  constructor(cardinalityLimit: number = DEFAULT_CARDINALITY_LIMIT) {
    this.cardinalityLimit = cardinalityLimit;
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
    // Buckets with different edges cannot be merged: a feature folded into an overflow series made
    // for other edges gets a detached cell. It still works in process and is counted as overflow.
    return sameBoundaries(cell.boundaries, boundaries) ? cell : make(cell.attributes);
  }

  /** Every bound series of a metric, the overflow series last. */
  *cells(key: MetricKey): Iterable<Cell> {
    const s = this.series.get(key);
    if (!s) return;
    yield* s.cells.values();
    if (s.overflow) yield s.overflow;
  }

  /** Runs before every collection: derived values (PSI, last update) are computed then, off the hot path. */
  onCollect(hook: (nowMs: number) => void): void {
    this.hooks.push(hook);
  }

  prepareCollection(nowMs: number = Date.now()): void {
    for (const hook of this.hooks) {
      try {
        hook(nowMs);
      } catch {
        // A failing derived value must never break the scrape; the series keeps its last value.
      }
    }
  }

  private bind<K extends MetricKey>(key: K, labels: LabelValues<K>, make: (a: Attributes) => Cell): Cell {
    const def = METRICS[key];
    const allowed: readonly string[] = def.labels;
    const values: Record<string, string | undefined> = labels;
    for (const name of Object.keys(values)) {
      if (!allowed.includes(name)) throw new Error(`${def.name}: label ${JSON.stringify(name)} is not in the catalog`);
    }
    const attributes: Record<string, string> = {};
    for (const name of allowed) {
      const v = values[name];
      if (v !== undefined) attributes[name] = capLabelValue(v);
    }
    const id = JSON.stringify(attributes);
    let s = this.series.get(key);
    if (!s) {
      s = { cells: new Map(), overflow: undefined };
      this.series.set(key, s);
    }
    const existing = s.cells.get(id);
    if (existing) return existing;
    // N − 1 real series plus one overflow series, exactly as the OTel SDK counts its limit.
    if (s.cells.size < this.cardinalityLimit - 1 || key === 'instrumentationOverflow') {
      const cell = make(Object.freeze(attributes));
      s.cells.set(id, cell);
      return cell;
    }
    this.counter('instrumentationOverflow', { [LABEL.metric]: def.name }).value++;
    s.overflow ??= make(Object.freeze({ [OVERFLOW_ATTRIBUTE]: true }));
    return s.overflow;
  }
}

function sameBoundaries(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
