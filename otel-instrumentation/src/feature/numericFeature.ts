import { binIndex, type DriftVerdict, type PsiVerdict } from '@sieve/scoring';
import { profileOf, type BaselineProfile, type NumericBinned } from '../baseline/baselineProfile.ts';
import { LABEL } from '../catalog/index.ts';
import type { MetricStore } from '../store/metricStore.ts';
import { columnLength, isHole } from '../column.ts';
import { FeatureState, type BinSpec, type FeatureHandle } from './featureState.ts';

export interface NumericFeatureConfig {
  /** The baseline binned (baselineProfile.ts numericBaseline): its edges are the bin spec. */
  baseline: NumericBinned;
  psiWindowMs: number;
}

/**
 * A numeric feature: values are binned in process against edges fixed by the baseline (its
 * quantiles by default, open tails) and exported as a real histogram whose `le` bounds ARE the bin
 * spec, next to the baseline's cumulative share per upper bound (the same strings).
 */
export class NumericFeature implements FeatureHandle {
  readonly name: string;
  readonly binSpec: BinSpec;
  private readonly edges: Float64Array;
  private readonly state: FeatureState;
  private readonly counts: Float64Array;
  private readonly baseline: NumericBinned;
  private sum = 0;
  readonly baselineSkipped: number;

  constructor(store: MetricStore, name: string, config: NumericFeatureConfig) {
    const { edges, counts: baselineCounts, skipped } = config.baseline;
    this.baseline = config.baseline;
    this.baselineSkipped = skipped;
    this.name = name;
    this.binSpec = Object.freeze({ kind: 'numeric', edges: Object.freeze([...edges]) });
    this.edges = Float64Array.from(edges);
    if (!baselineCounts.some((c) => c > 0)) {
      throw new Error(`feature(${JSON.stringify(name)}): options.baseline has no finite number`);
    }
    this.state = new FeatureState(store, name, baselineCounts, config.psiWindowMs, true);
    this.counts = this.state.counts;

    const f = { [LABEL.feature]: name };
    exportBaseline(store, name, edges, baselineCounts);
    const cell = store.histogram('featureValue', f, edges);
    const exported = new Float64Array(this.counts.length);
    let exportedSum = 0;
    // Deltas, so that features folded into one overflow series add up instead of overwriting.
    store.onCollect(() => {
      for (let i = 0; i < exported.length; i++) {
        cell.counts[i] = (cell.counts[i] as number) + (this.counts[i] as number) - (exported[i] as number);
      }
      exported.set(this.counts);
      // A sum that overflowed to ±Infinity would reach the exposition: it stays at its last finite
      // value, and the overflow is counted as an infinite value.
      const next = cell.sum + (this.sum - exportedSum);
      if (Number.isFinite(next)) {
        cell.sum = next;
        exportedSum = this.sum;
      } else {
        this.state.invalid.infinite.value++;
        this.sum = exportedSum;
      }
    });
  }

  observe(value: unknown): void {
    if (typeof value === 'number') {
      if (value - value === 0) {
        this.counts[binIndex(this.edges, value)]++;
        this.sum += value;
      } else if (value !== value) this.state.invalid.nan.value++;
      else this.state.invalid.infinite.value++;
    } else if (value == null) this.state.missing.value++;
    else this.state.invalid.wrong_type.value++;
  }

  observeMany(column: ArrayLike<unknown>): void {
    this.state.batch(() => {
      if (column instanceof Float64Array || column instanceof Float32Array) this.observeFloats(column);
      else {
        const n = columnLength(column);
        if (n === undefined) this.state.invalid.wrong_type.value++;
        else {
          for (let i = 0; i < n; i++) {
            const v = column[i];
            if (isHole(column, i, v)) {
              this.state.observeRest(column, n, i, (v) => this.observe(v));
              break;
            }
            this.observe(v);
          }
        }
      }
    });
  }

  baselineProfile(): BaselineProfile {
    return profileOf(this.baseline);
  }

  psi(): number {
    return this.state.psi();
  }

  verdict(): PsiVerdict | undefined {
    return this.state.verdict();
  }

  drift(): DriftVerdict | undefined {
    return this.state.drift();
  }

  private observeFloats(column: Float64Array | Float32Array): void {
    const edges = this.edges;
    const counts = this.counts;
    let sum = 0;
    let nan = 0;
    let infinite = 0;
    for (let i = 0; i < column.length; i++) {
      const v = column[i] as number;
      if (v - v === 0) {
        counts[binIndex(edges, v)]++;
        sum += v;
      } else if (v !== v) nan++;
      else infinite++;
    }
    this.sum += sum;
    if (nan) this.state.invalid.nan.value += nan;
    if (infinite) this.state.invalid.infinite.value += infinite;
  }
}

/** Baseline cumulative share per upper bound, with the same strings the exporter prints as bucket `le`. */
function exportBaseline(store: MetricStore, name: string, edges: readonly number[], counts: Float64Array): void {
  let total = 0;
  for (const c of counts) total += c;
  let cumulative = 0;
  const les = [...edges.map(String), '+Inf'];
  les.forEach((le, i) => {
    cumulative += counts[i] as number;
    store.gauge('featureBaseline', { [LABEL.feature]: name, [LABEL.upperBound]: le }).value = cumulative / total;
  });
}
