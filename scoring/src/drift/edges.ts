/**
 * Bin-edge builders. Every builder returns INTERIOR edges only: strictly increasing, with open
 * tails, so `k` edges make `k + 1` bins and a value outside the reference range still lands in the
 * first or last bin (see binning.ts for the `le` semantics). Non-finite values are ignored.
 *
 * - quantileEdges (the default): reference quantiles, 10 bins → the 9 deciles.
 * - equalWidthEdges: equal-width bins over the reference min–max.
 * - sturgesEdges: equal width, with ⌈log2 n⌉ + 1 bins (numpy's 'sturges' rule).
 *
 * Edges that coincide (ties in discrete data, constant data) are merged, so fewer bins than asked
 * is normal; constant data gives one edge, i.e. "≤ c" and "> c".
 *
 * Missing values (NaN, ±Infinity, null, undefined) are ignored; any other non-number (a string,
 * a boolean) throws, naming its index, as in `binCounts`.
 */
import { missingOrNumber } from './binning.ts';

export const DEFAULT_BINS = 10;

/**
 * Interior edges at the reference quantiles i/bins, i = 1…bins−1 (linear interpolation, numpy's
 * default).
 *
 * @throws Error if `values` is empty or has no finite number, or `bins` is not an integer ≥ 1
 *   (the same for every builder here).
 */
export function quantileEdges(values: ArrayLike<number>, bins: number = DEFAULT_BINS): number[] {
  checkBins('quantileEdges', bins);
  const sorted = finiteSorted('quantileEdges', values);
  const n = sorted.length;
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const h = ((n - 1) * i) / bins;
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    const b = sorted[Math.min(lo + 1, n - 1)] as number;
    pushIncreasing(edges, a + (h - lo) * (b - a));
  }
  return edges;
}

/** Interior edges of `bins` equal-width bins spanning the finite min–max of `values`. */
export function equalWidthEdges(values: ArrayLike<number>, bins: number = DEFAULT_BINS): number[] {
  checkBins('equalWidthEdges', bins);
  const [min, max] = finiteRange('equalWidthEdges', values);
  return equalWidth(min, max, bins);
}

/** Equal-width edges with Sturges' bin count ⌈log2 n⌉ + 1, n = the number of finite values. */
export function sturgesEdges(values: ArrayLike<number>): number[] {
  const [min, max, n] = finiteRange('sturgesEdges', values);
  return equalWidth(min, max, sturgesBins(n));
}

/** Sturges' rule as numpy computes it: ⌈log2(n) + 1⌉ bins. */
export function sturgesBins(n: number): number {
  return Math.ceil(Math.log2(n) + 1);
}

function equalWidth(min: number, max: number, bins: number): number[] {
  if (min === max) return [min];
  const edges: number[] = [];
  const width = (max - min) / bins;
  for (let i = 1; i < bins; i++) pushIncreasing(edges, min + i * width);
  return edges;
}

function pushIncreasing(edges: number[], edge: number): void {
  if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
}

function checkBins(fn: string, bins: number): void {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`${fn}: bins = ${bins} must be an integer ≥ 1`);
}

function finiteSorted(fn: string, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[n++] = v;
    else missingOrNumber(fn, values, i);
  }
  if (values.length === 0) throw new Error(`${fn}: values is empty`);
  if (n === 0) throw new Error(`${fn}: values has no finite number`);
  return out.subarray(0, n).sort();
}

function finiteRange(fn: string, values: ArrayLike<number>): [min: number, max: number, n: number] {
  if (values.length === 0) throw new Error(`${fn}: values is empty`);
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      missingOrNumber(fn, values, i);
      continue;
    }
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) throw new Error(`${fn}: values has no finite number`);
  return [min, max, n];
}
