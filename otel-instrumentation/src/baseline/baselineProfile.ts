import { binCounts, categoryCounts, quantileEdges, topKCategories } from '@sieve/scoring';
import { z } from 'zod';
import { forEachEntry } from '../column.ts';

/**
 * A feature's reference distribution, binned: what a feature needs from its baseline, and what a
 * saved profile (baselineFile.ts) holds, so that the raw training values need not be passed at
 * every start. The same object is the file's JSON, `loadBaseline`'s result and a valid `baseline`
 * option. Format, version 1:
 * - numeric: `{ format: "sieve-baseline", version: 1, kind: "numeric", edges, proportions, n, skipped?, createdAt? }`,
 *   `proportions` per bin (edges.length + 1: the bins (−∞, e0], (e0, e1], …, (e_last, +∞));
 * - categorical: `{ …, kind: "categorical", categories, proportions, n, … }`, `proportions` per
 *   category plus a last entry for every value outside `categories` (`__other__`).
 * `n` is the number of values the proportions were computed from: drift p-values and noise floors
 * need it, a share alone cannot give it.
 */
export const BASELINE_FORMAT = 'sieve-baseline';
/** The version this code writes and the newest it reads. */
export const BASELINE_VERSION = 1;

/** The most bins a profile may have, as `bins` and `topK` allow: each becomes label values. */
export const MAX_PROFILE_BINS = 1000;

/** Proportions may come from another tool: they must sum to 1 within this. */
const SUM_TOLERANCE = 1e-6;

const proportionsSchema = z
  .array(z.number().finite().min(0))
  .refine((p) => Math.abs(p.reduce((a, b) => a + b, 0) - 1) <= SUM_TOLERANCE, { message: 'must sum to 1' });

const common = {
  format: z.literal(BASELINE_FORMAT),
  version: z.literal(BASELINE_VERSION),
  proportions: proportionsSchema,
  /** The reference sample size. */
  n: z.number().int().min(1),
  /** Baseline entries left out (null, undefined, NaN, and ±Infinity for numeric features). */
  skipped: z.number().int().min(0).optional(),
  /** When the profile was taken (ISO 8601); informational. */
  createdAt: z.string().optional(),
};

const numericProfileSchema = z
  .strictObject({
    ...common,
    kind: z.literal('numeric'),
    /** Interior bin edges, finite and strictly increasing (none: one bin). */
    edges: z
      .array(z.number().finite())
      .max(MAX_PROFILE_BINS - 1)
      .refine((a) => a.every((x, i) => i === 0 || x > (a[i - 1] as number)), {
        message: 'must be strictly increasing',
      }),
  })
  .refine((p) => p.proportions.length === p.edges.length + 1, {
    message: 'needs one entry per bin: edges.length + 1',
    path: ['proportions'],
  });

const categoricalProfileSchema = z
  .strictObject({
    ...common,
    kind: z.literal('categorical'),
    categories: z
      .array(z.string())
      .min(1)
      .max(MAX_PROFILE_BINS)
      .refine((c) => new Set(c).size === c.length, { message: 'has duplicates' }),
  })
  .refine((p) => p.proportions.length === p.categories.length + 1, {
    message: 'needs one entry per category plus one for all others (__other__): categories.length + 1',
    path: ['proportions'],
  });

export const baselineProfileSchema = z.discriminatedUnion('kind', [numericProfileSchema, categoricalProfileSchema]);

export type NumericBaselineProfile = z.output<typeof numericProfileSchema>;
export type CategoricalBaselineProfile = z.output<typeof categoricalProfileSchema>;
export type BaselineProfile = z.output<typeof baselineProfileSchema>;

/** True for anything that claims to be a profile (then it is validated as one, with field errors). */
export function looksLikeProfile(v: unknown): v is { kind?: unknown; format?: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && 'format' in v;
}

/** After validation: a baseline option that is a profile rather than raw values. */
export function isProfile<P extends BaselineProfile>(v: P | ArrayLike<unknown>): v is P {
  return looksLikeProfile(v);
}

/** A baseline as features use it: counts per bin (sum n), from raw values or from a profile. */
export interface NumericBinned {
  readonly kind: 'numeric';
  readonly edges: readonly number[];
  readonly counts: Float64Array;
  readonly skipped: number;
}
export interface CategoricalBinned {
  readonly kind: 'categorical';
  readonly categories: readonly string[];
  readonly counts: Float64Array;
  readonly skipped: number;
}
export type BinnedBaseline = NumericBinned | CategoricalBinned;

/** A numeric feature's validated options: raw values binned, or the profile's bins. */
export function numericBaseline(
  where: string,
  o: { baseline: ArrayLike<unknown> | BaselineProfile; bins?: number; edges?: readonly number[] }
): NumericBinned {
  if (!isProfile(o.baseline)) return binNumeric(where, o.baseline, o);
  const p = o.baseline;
  if (p.kind !== 'numeric') throw new Error(`${where}.kind: a ${p.kind} profile given to a numeric feature`);
  return { kind: 'numeric', edges: [...p.edges], counts: profileCounts(p), skipped: p.skipped ?? 0 };
}

/** A categorical feature's validated options: raw values binned, or the profile's categories. */
export function categoricalBaseline(
  where: string,
  o: { baseline: readonly unknown[] | BaselineProfile; topK?: number }
): CategoricalBinned {
  if (!isProfile(o.baseline)) return binCategorical(where, o.baseline, o.topK);
  const p = o.baseline;
  if (p.kind !== 'categorical') throw new Error(`${where}.kind: a ${p.kind} profile given to a categorical feature`);
  return { kind: 'categorical', categories: [...p.categories], counts: profileCounts(p), skipped: p.skipped ?? 0 };
}

/** A profile's counts: proportions × n (not rounded: hand-made proportions need not be k/n). */
const profileCounts = (p: BaselineProfile): Float64Array => Float64Array.from(p.proportions, (x) => x * p.n);

/** Significant digits kept in quantile edges: `le="12.5"` rather than `le="12.499999999999998"`. */
const EDGE_DIGITS = 6;

/**
 * Bins raw numeric values: edges at their quantiles (`bins`, default 10; rounded to 6 significant
 * digits) unless `edges` is given. Non-finite entries are skipped and counted.
 * @throws Error starting with `where` (the argument, e.g. `feature("x"): options.baseline`) when
 *   no finite value remains.
 */
export function binNumeric(
  where: string,
  values: ArrayLike<unknown>,
  options: { bins?: number; edges?: readonly number[] } = {}
): NumericBinned {
  const finite: number[] = [];
  forEachEntry(values, values.length, (v) => {
    if (typeof v === 'number' && Number.isFinite(v)) finite.push(v);
  });
  if (finite.length === 0) throw new Error(`${where} has no finite number`);
  let edges: number[];
  if (options.edges) edges = [...options.edges];
  else {
    edges = [];
    try {
      for (const e of quantileEdges(finite, options.bins)) {
        const rounded = Number(e.toPrecision(EDGE_DIGITS));
        if (edges.length === 0 || rounded > (edges[edges.length - 1] as number)) edges.push(rounded);
      }
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
    }
  }
  return { kind: 'numeric', edges, counts: binCounts(edges, finite), skipped: values.length - finite.length };
}

/**
 * Bins raw categorical values: the top-K categories (default 10) plus one bin for all others.
 * Strings count as they are, finite numbers and booleans by their string form (as `observe` matches
 * them); null, undefined and NaN are skipped and counted.
 */
export function binCategorical(where: string, values: readonly unknown[], topK?: number): CategoricalBinned {
  const strings: string[] = [];
  forEachEntry(values, values.length, (v) => {
    if (typeof v === 'string') strings.push(v);
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') strings.push(String(v));
  });
  if (strings.length === 0) {
    throw new Error(`${where} has no category (only null or NaN)`);
  }
  const categories = topKCategories(strings, topK);
  return {
    kind: 'categorical',
    categories,
    counts: categoryCounts(categories, strings),
    skipped: values.length - strings.length,
  };
}

/** The profile of a binned baseline, as saved. */
export function profileOf(binned: BinnedBaseline, createdAt: Date = new Date()): BaselineProfile {
  let n = 0;
  for (const c of binned.counts) n += c;
  const proportions = Array.from(binned.counts, (c) => c / n);
  const common = {
    format: BASELINE_FORMAT,
    version: BASELINE_VERSION,
    proportions,
    n: Math.round(n),
    skipped: binned.skipped,
    createdAt: createdAt.toISOString(),
  } as const;
  return binned.kind === 'numeric'
    ? { ...common, kind: 'numeric', edges: [...binned.edges] }
    : { ...common, kind: 'categorical', categories: [...binned.categories] };
}
