import { driftVerdict, psi, type DriftVerdict, type PsiVerdict } from '@sieve/scoring';
import type { BaselineProfile } from '../baseline/baselineProfile.ts';
import { LABEL, type InvalidReason } from '../catalog/index.ts';
import { forEachEntry } from '../column.ts';
import type { MetricStore, ScalarCell } from '../store/metricStore.ts';
import { RollingWindow } from './rollingWindow.ts';

/** The bin specification shared by the instrumentation and the datasource. */
export type BinSpec =
  | { readonly kind: 'numeric'; readonly edges: readonly number[] }
  | { readonly kind: 'categorical'; readonly categories: readonly string[] };

/** What every feature handle offers, numeric or categorical. */
export interface FeatureHandle {
  readonly name: string;
  readonly binSpec: BinSpec;
  /** Baseline entries skipped: null, undefined and NaN (and ±Infinity for numeric features). */
  readonly baselineSkipped: number;
  /** The baseline as a profile to save (`saveBaseline(file, handle)`): bins, proportions and n. */
  baselineProfile(): BaselineProfile;
  /** Records one value. Never throws: bad values are counted as missing or invalid. */
  observe(value: unknown): void;
  /**
   * Records a column; Float64Array and Float32Array columns take a fast path. A hole of a sparse
   * array counts as missing, as the undefined it reads as; a sparse rest is read by its keys, so
   * `new Array(2 ** 32 - 1)` returns at once. Never throws.
   */
  observeMany(column: ArrayLike<unknown>): void;
  /** PSI of the rolling window against the baseline; NaN while the window holds no value. */
  psi(): number;
  /**
   * The PSI verdict: its band (< 0.1 stable, ≤ 0.25 moderate, else significant) when the change is
   * also beyond sampling noise at these window sizes, else 'stable'; undefined without data.
   */
  verdict(): PsiVerdict | undefined;
  /** The whole verdict: value, band, p-value, noise floor and sample sizes; undefined without data. */
  drift(): DriftVerdict | undefined;
}

/**
 * The state both feature kinds share: per-bin counts (the hot path's only target), the
 * missing/invalid counters, and the derived series (PSI, last update) computed at collection.
 */
export class FeatureState {
  /** Cumulative per-bin counts of valid values. */
  readonly counts: Float64Array;
  readonly baselineCounts: Float64Array;
  readonly missing: ScalarCell;
  readonly invalid: Readonly<Record<Exclude<InvalidReason, 'negative' | 'out_of_range'>, ScalarCell>>;
  private readonly window: RollingWindow;
  private readonly psiCell: ScalarCell;
  private readonly lastUpdate: ScalarCell;
  private totalAtLastUpdate = 0;
  private readonly ordered: boolean;

  /**
   * @param ordered the bins are numeric ranges (lowest first), so the verdict may use their order
   *   (an Anderson–Darling test, far more powerful on small windows); false for categories.
   */
  constructor(store: MetricStore, name: string, baselineCounts: Float64Array, psiWindowMs: number, ordered = false) {
    this.ordered = ordered;
    const f = { [LABEL.feature]: name };
    this.counts = new Float64Array(baselineCounts.length);
    this.baselineCounts = baselineCounts;
    this.missing = store.counter('featureMissing', f);
    this.invalid = {
      nan: store.counter('featureInvalid', { ...f, [LABEL.reason]: 'nan' }),
      infinite: store.counter('featureInvalid', { ...f, [LABEL.reason]: 'infinite' }),
      wrong_type: store.counter('featureInvalid', { ...f, [LABEL.reason]: 'wrong_type' }),
    };
    this.window = new RollingWindow(psiWindowMs, baselineCounts.length, Date.now());
    this.psiCell = store.gauge('featurePsi', f);
    this.lastUpdate = store.gauge('featureLastUpdate', f);
    let n = 0;
    for (const c of baselineCounts) n += c;
    // The reference sample size: without it a reader of the baseline shares must treat n_ref as infinite.
    store.gauge('featureBaselineSamples', f).value = n;
    store.onCollect((now) => this.collect(now));
  }

  psi(nowMs: number = Date.now()): number {
    const current = this.window.countsAt(this.counts, nowMs);
    let n = 0;
    for (const c of current) n += c;
    return n > 0 ? psi(this.baselineCounts, current) : NaN;
  }

  /** The PSI verdict (material AND beyond noise); undefined while the window holds no value. */
  verdict(): PsiVerdict | undefined {
    return this.drift()?.verdict;
  }

  /** The PSI verdict with its p-value, noise floor and sample sizes ('@sieve/scoring' driftVerdict). */
  drift(nowMs: number = Date.now()): DriftVerdict | undefined {
    const current = this.window.countsAt(this.counts, nowMs);
    let n = 0;
    for (const c of current) n += c;
    return n > 0 ? driftVerdict('psi', this.baselineCounts, current, { ordered: this.ordered }) : undefined;
  }

  /**
   * Runs one observeMany batch. A window boundary before it keeps the rolling window exact for
   * batches; the last-update time after it is exact too (one Date.now() per batch, not per value).
   * Never throws: a column that is not an array (or a throwing Proxy) is counted as wrong_type.
   */
  batch(observe: () => void): void {
    this.window.snapshot(this.counts, Date.now());
    try {
      observe();
    } catch {
      this.invalid.wrong_type.value++;
    }
    const total = this.total();
    if (total === this.totalAtLastUpdate) return;
    this.totalAtLastUpdate = total;
    this.lastUpdate.value = Date.now() / 1000;
  }

  /**
   * Observes a column from its first hole on; observeMany reads the dense part in its own loop (a
   * closure there slows dense columns). Holes count as missing, as the undefined they read as.
   */
  observeRest(column: ArrayLike<unknown>, n: number, from: number, observe: (v: unknown) => void): void {
    // Not `missing.value += forEachEntry(…)`: that would read the cell before observe() adds to it.
    const holes = forEachEntry(column, n, (v) => observe(v), from);
    this.missing.value += holes;
  }

  private collect(nowMs: number): void {
    // Values recorded one by one since the last collection are dated to this collection.
    const total = this.total();
    if (total !== this.totalAtLastUpdate) {
      this.totalAtLastUpdate = total;
      this.lastUpdate.value = nowMs / 1000;
    }
    this.psiCell.value = this.psi(nowMs);
  }

  private total(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }
}
