import { checkEdges } from './binning.ts';
import { countTotal, pairTotals } from './counts.ts';

/**
 * Binned Wasserstein-1 (earth mover's) distance.
 *
 * Each bin's mass sits at one representative point: an interior bin (e_{i−1}, e_i] at its
 * midpoint. The open tails have no width, so each is treated as a bin as wide as its interior
 * neighbour: the lower tail sits at e_0 − (e_1 − e_0)/2, the upper at e_last + (e_last − e_{last−1})/2.
 * With those points the result equals `scipy.stats.wasserstein_distance(points, points, ref, cur)`.
 * This needs at least 2 edges (3 bins); a single edge gives no scale and throws.
 *
 * Mass beyond the reference range is therefore counted at half a bin beyond the outer edge, however
 * far out it really is: the binned value is a lower bound on the true W1 for far outliers.
 *
 * @throws Error on mismatched lengths, fewer than 2 edges, edges that are not finite and strictly
 *   increasing or do not make `counts.length` bins, negative/NaN/infinite counts or zero totals.
 */
export function wasserstein(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  edges: ArrayLike<number>
): number {
  const [refTotal, curTotal] = check('wasserstein', reference, current, edges, 2);
  return wassersteinAt(reference, current, edges, refTotal, curTotal);
}

/** Σ |F_ref − F_cur| Δ over the `wassersteinPoint`s; inputs already checked. */
function wassersteinAt(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  edges: ArrayLike<number>,
  refTotal: number,
  curTotal: number
): number {
  const k = reference.length;
  let refCum = 0;
  let curCum = 0;
  let sum = 0;
  for (let i = 0; i < k - 1; i++) {
    refCum += reference[i] as number;
    curCum += current[i] as number;
    const gap = wassersteinPoint(edges, i + 1) - wassersteinPoint(edges, i);
    sum += Math.abs(refCum / refTotal - curCum / curTotal) * gap;
  }
  return sum;
}

/**
 * Evidently's absolute floor on the reference standard deviation (0.001). Sieve does NOT apply it:
 * an absolute floor makes the value depend on the feature's units (a +1σ shift at σ = 1e-4 would
 * score 0.1 instead of 1). Kept as a named constant for the comparison with Evidently.
 */
export const MIN_REFERENCE_SPREAD = 1e-3;

/**
 * Wasserstein-1 divided by the reference's standard deviation over the same bin points: a
 * scale-free value, comparable across features (Evidently's normalised Wasserstein, without its
 * absolute 0.001 floor). A shift of the whole distribution by one reference σ gives about 1, at any
 * scale. A reference with no spread (all its mass in one bin) is divided by the spread of both
 * samples pooled instead; when that is zero too, both sit in the same bin and the value is 0.
 *
 * Fewer than 2 edges (a constant reference gives `quantileEdges` = [c], i.e. "≤ c" and "> c") give
 * no distance in the feature's units, but the normalised value needs none: with two bins any
 * spacing d gives W = |P₀ − Q₀|·d and a spread of d·√(s(1 − s)), so the value is
 * |P₀ − Q₀| / √(s(1 − s)), s the bin-0 share of the reference, or of both pooled when the
 * reference sits in one bin (a constant reference); 0 when both sit in the same bin. One bin (no
 * edges) gives 0. Raw `wasserstein` still needs 2 edges.
 *
 * @throws Error on the same input as `wasserstein`, except that 0 or 1 edges are allowed.
 */
export function normalizedWasserstein(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  edges: ArrayLike<number>
): number {
  const [refTotal, curTotal] = check('wasserstein', reference, current, edges, 0);
  const w = wassersteinAt(reference, current, edges, refTotal, curTotal);
  return w === 0 ? 0 : w / wassersteinScale(reference, current, edges);
}

/**
 * The divisor of `normalizedWasserstein`: the reference's spread, or the pooled spread when the
 * reference has none (relative to the size of the bin points, so that the test is scale-free);
 * with fewer than 2 edges, in units of the bin spacing (see `wassersteinPoint`).
 */
export function wassersteinScale(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  edges: ArrayLike<number>
): number {
  const last = reference.length - 1;
  const tiny = 1e-12 * Math.max(Math.abs(wassersteinPoint(edges, 0)), Math.abs(wassersteinPoint(edges, last)));
  const spread = referenceSpread(reference, edges);
  if (spread > tiny) return spread;
  const [refTotal, curTotal] = [sumOf(reference), sumOf(current)];
  const pooled = Float64Array.from(
    { length: reference.length },
    (_, i) => (reference[i] as number) / refTotal + (current[i] as number) / curTotal
  );
  const pooledSpread = referenceSpread(pooled, edges);
  return pooledSpread > tiny ? pooledSpread : 1;
}

/**
 * Where `normalizedWasserstein` puts bin i: `binPoint` with 2 edges or more; with fewer (no width
 * to borrow) the bin's index, i.e. unit spacing, which the normalised value does not depend on.
 */
export function wassersteinPoint(edges: ArrayLike<number>, i: number): number {
  return edges.length >= 2 ? binPoint(edges, i) : i;
}

function sumOf(counts: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += counts[i] as number;
  return s;
}

/**
 * Standard deviation of the reference distribution with each bin's mass at its bin point
 * (`wassersteinPoint`: in bin-spacing units with fewer than 2 edges).
 */
export function referenceSpread(reference: ArrayLike<number>, edges: ArrayLike<number>): number {
  const total = countTotal('wasserstein', 'reference', reference);
  let mean = 0;
  for (let i = 0; i < reference.length; i++) mean += ((reference[i] as number) / total) * wassersteinPoint(edges, i);
  let variance = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = wassersteinPoint(edges, i) - mean;
    variance += ((reference[i] as number) / total) * d * d;
  }
  return Math.sqrt(variance);
}

/** The representative point of bin i (see `wasserstein`). Requires edges.length ≥ 2. */
export function binPoint(edges: ArrayLike<number>, i: number): number {
  const last = edges.length - 1;
  if (i === 0) return (edges[0] as number) - ((edges[1] as number) - (edges[0] as number)) / 2;
  if (i > last) return (edges[last] as number) + ((edges[last] as number) - (edges[last - 1] as number)) / 2;
  return ((edges[i - 1] as number) + (edges[i] as number)) / 2;
}

function check(
  measure: string,
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  edges: ArrayLike<number>,
  minEdges: number
): [number, number] {
  const totals = pairTotals(measure, reference, current);
  if (edges.length < minEdges) {
    throw new Error(
      `${measure}: raw W1 needs at least 2 edges (3 bins) to give the tails a width in the feature's units; normalizedWasserstein (the default) works with any number`
    );
  }
  checkEdges(edges, measure);
  if (reference.length !== edges.length + 1) {
    throw new Error(
      `${measure}: ${edges.length} edges make ${edges.length + 1} bins, but the counts have ${reference.length}`
    );
  }
  return totals;
}
