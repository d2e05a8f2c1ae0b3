import type { DriftVerdict, PsiVerdict } from '@sieve/scoring';
import { profileOf, type BaselineProfile, type CategoricalBinned } from '../baseline/baselineProfile.ts';
import { LABEL, OTHER_CATEGORY } from '../catalog/index.ts';
import { maskCategory, processHashKey, type MaskKind, type MaskPolicy } from '../privacy/categoryMasking.ts';
import type { MetricStore, ScalarCell } from '../store/metricStore.ts';
import { columnLength, isHole } from '../column.ts';
import { FeatureState, type BinSpec, type FeatureHandle } from './featureState.ts';

export interface CategoricalFeatureConfig {
  /** The baseline binned (baselineProfile.ts categoricalBaseline): its top-K categories plus others. */
  baseline: CategoricalBinned;
  psiWindowMs: number;
  /** How categories become label values (PII masking); default: detected PII masked, no hashing. */
  mask?: MaskPolicy;
}

/**
 * A categorical feature: the baseline's top-K categories plus OTHER_CATEGORY. Only those K + 1
 * strings ever become label values, so raw values (names, ids, emails) never reach Prometheus.
 * Numbers and booleans are matched by their string form.
 */
export class CategoricalFeature implements FeatureHandle {
  readonly name: string;
  readonly binSpec: BinSpec;
  private readonly index: Map<string, number>;
  /** Categories that are the string form of a number, by that number: no String(value) per value. */
  private readonly numberIndex: Map<number, number>;
  private readonly other: number;
  private readonly state: FeatureState;
  private readonly counts: Float64Array;
  private readonly baseline: CategoricalBinned;
  readonly baselineSkipped: number;

  constructor(store: MetricStore, name: string, config: CategoricalFeatureConfig) {
    const { categories, counts: baselineCounts, skipped } = config.baseline;
    this.baseline = config.baseline;
    this.baselineSkipped = skipped;
    this.name = name;
    this.binSpec = Object.freeze({ kind: 'categorical', categories: Object.freeze([...categories]) });
    this.index = new Map(categories.map((c, i) => [c, i]));
    this.numberIndex = new Map();
    categories.forEach((c, i) => {
      if (String(Number(c)) === c) this.numberIndex.set(Number(c), i);
    });
    this.other = categories.length;
    this.state = new FeatureState(store, name, baselineCounts, config.psiWindowMs);
    this.counts = this.state.counts;

    // The masking decision is made once per category, here: observe() only ever counts by index.
    const policy = config.mask ?? { hashKey: processHashKey() };
    const decisions = categories.map((c) => maskCategory(c, policy));
    const labels = [...decisions.map((d) => d.label), OTHER_CATEGORY];
    let total = 0;
    for (const c of baselineCounts) total += c;
    const f = { [LABEL.feature]: name };
    // Masked categories may share a label (two emails, or allowlist's __other__): their shares add up.
    const shares = new Map<string, number>();
    labels.forEach((label, i) => shares.set(label, (shares.get(label) ?? 0) + (baselineCounts[i] as number) / total));
    for (const [label, share] of shares)
      store.gauge('featureBaseline', { ...f, [LABEL.category]: label }).value = share;
    // Categories that collide after masking or length-capping share a cell, so cells are rebuilt from the counts.
    const cells: ScalarCell[] = labels.map((category) =>
      store.counter('featureCategory', { ...f, [LABEL.category]: category })
    );
    const maskedCells = new Map<MaskKind, ScalarCell>();
    const maskedCell: (ScalarCell | undefined)[] = decisions.map((d) => {
      if (d.masked === undefined) return undefined;
      let cell = maskedCells.get(d.masked);
      if (!cell) {
        cell = store.counter('featureCategoriesMasked', { ...f, [LABEL.piiKind]: d.masked });
        maskedCells.set(d.masked, cell);
      }
      return cell;
    });
    const exported = new Float64Array(this.counts.length);
    store.onCollect(() => {
      for (let i = 0; i < cells.length; i++) {
        const delta = (this.counts[i] as number) - (exported[i] as number);
        (cells[i] as ScalarCell).value += delta;
        const masked = maskedCell[i];
        if (masked) masked.value += delta;
      }
      exported.set(this.counts);
    });
  }

  observe(value: unknown): void {
    if (typeof value === 'string') {
      this.counts[this.index.get(value) ?? this.other]++;
    } else if (typeof value === 'number') {
      if (value - value === 0) this.counts[this.numberIndex.get(value) ?? this.other]++;
      else if (value !== value) this.state.invalid.nan.value++;
      else this.state.invalid.infinite.value++;
    } else if (typeof value === 'boolean') {
      this.counts[this.index.get(String(value)) ?? this.other]++;
    } else if (value == null) this.state.missing.value++;
    else this.state.invalid.wrong_type.value++;
  }

  observeMany(column: ArrayLike<unknown>): void {
    this.state.batch(() => {
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
}
