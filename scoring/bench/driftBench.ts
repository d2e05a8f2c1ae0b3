/**
 * Drift measures on 1,000 features × 20 bins: the wall time of one full pass (every feature once),
 * for each measure, against a plain PSI loop over the same numbers (no validation, no options)
 * timed in the same run. Every `ratio` is value / baseline value, in the figure's unit. Target: PSI
 * < 1 ms per pass.
 */
import { type Figure, medianMs, seededRandom } from '@sieve/testkit';
import {
  andersonDarling,
  binCounts,
  driftScore,
  driftVerdict,
  MEASURE_NAMES,
  MEASURES,
  quantileEdges,
} from '../src/drift/index.ts';

const FEATURES = 1000;
const BINS = 20;
const EDGES = Array.from({ length: BINS - 1 }, (_, i) => i + 1); // interior edges 1…19
const RUNS = 41;
const WARMUP = 20;

function countVectors(seed: number, shift: number): Float64Array[] {
  const next = seededRandom(seed);
  return Array.from({ length: FEATURES }, () => {
    const counts = new Float64Array(BINS);
    for (let i = 0; i < BINS; i++) counts[i] = Math.floor(next() * 1000 * (1 + (shift * i) / BINS)) + 1;
    return counts;
  });
}

/**
 * The permutation null as it was computed before draws went bin by bin: 499 partial Fisher–Yates
 * deals of the pooled values, one uniform per value dealt, PSI and Anderson–Darling on each.
 */
function plainPermutation(reference: Float64Array, current: Float64Array, next: () => number): number {
  const k = reference.length;
  const labels: number[] = [];
  for (let i = 0; i < k; i++)
    for (let t = 0; t < (reference[i] as number) + (current[i] as number); t++) labels.push(i);
  let dealt = 0;
  for (const c of reference) dealt += c;
  const ref = new Float64Array(k);
  const cur = new Float64Array(k);
  let sum = 0;
  for (let d = 0; d < 499; d++) {
    ref.fill(0);
    for (let t = 0; t < dealt; t++) {
      const j = t + Math.floor(next() * (labels.length - t));
      const label = labels[j] as number;
      labels[j] = labels[t] as number;
      labels[t] = label;
      ref[label]++;
    }
    for (let i = 0; i < k; i++) cur[i] = (reference[i] as number) + (current[i] as number) - (ref[i] as number);
    sum += driftScore('psi', ref, cur) + andersonDarling(ref, cur);
  }
  return sum;
}

/** PSI with nothing else: proportions on the fly, no validation, no empty-bin policy. */
function plainPsi(reference: Float64Array, current: Float64Array): number {
  let rt = 0;
  let ct = 0;
  for (let i = 0; i < reference.length; i++) {
    rt += reference[i] as number;
    ct += current[i] as number;
  }
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = (reference[i] as number) / rt;
    const q = (current[i] as number) / ct;
    sum += (q - p) * Math.log(q / p);
  }
  return sum;
}

export async function run(): Promise<Figure[]> {
  const reference = countVectors(1, 0);
  const current = countVectors(2, 0.5);
  let sink = 0; // keeps results alive so no pass is optimised away

  const baseline = medianMs(
    () => {
      for (let f = 0; f < FEATURES; f++) sink += plainPsi(reference[f] as Float64Array, current[f] as Float64Array);
    },
    RUNS,
    WARMUP
  );
  const figures: Figure[] = [
    { name: 'drift.plain-loop-psi', value: baseline, unit: 'ms/pass', features: FEATURES, bins: BINS },
  ];
  for (const measure of MEASURE_NAMES) {
    const options = MEASURES[measure].needsEdges ? { edges: EDGES } : {};
    const ms = medianMs(
      () => {
        for (let f = 0; f < FEATURES; f++) {
          sink += driftScore(measure, reference[f] as Float64Array, current[f] as Float64Array, options);
        }
      },
      RUNS,
      WARMUP
    );
    figures.push({
      name: `drift.${measure}`,
      value: ms,
      unit: 'ms/pass',
      baseline: 'plain-loop-psi',
      ratio: ms / baseline,
      features: FEATURES,
      bins: BINS,
      ...(measure === 'psi' ? { target: '< 1 ms' } : {}),
    });
  }

  // Binning: 1M values into 20 quantile bins, against the plain linear scan over the edges that
  // simple histogram clients use.
  const next = seededRandom(3);
  const values = Float64Array.from({ length: 1_000_000 }, () => next() * 20);
  const edges = quantileEdges(values.subarray(0, 10_000), BINS);
  const plainMs = medianMs(() => {
    const counts = new Float64Array(edges.length + 1);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      let b = 0;
      while (b < edges.length && v > (edges[b] as number)) b++;
      counts[b]++;
    }
    sink += counts[0] as number;
  }, 11);
  const binMs = medianMs(() => {
    sink += binCounts(edges, values)[0] as number;
  }, 11);
  figures.push({
    name: 'drift.binCounts',
    value: values.length / (binMs / 1000),
    unit: 'values/s',
    baseline: 'plain-linear-scan',
    ratio: plainMs / binMs, // values/s over the scan's values/s
    bins: BINS,
  });

  // A PSI verdict on ordered bins (Anderson–Darling p-value from its limit) against the same
  // verdict with unordered bins (PSI's own χ² limit), large counts, 10 / 100 / 1000 bins: the
  // plugin's tables and alerts and the instrumentation's synchronous verdict() pay this per feature.
  for (const bins of [10, 100, 1000]) {
    const next = seededRandom(bins);
    const pairs = Array.from({ length: 20 }, () => [
      Float64Array.from({ length: bins }, () => 1000 + Math.floor(next() * 100)),
      Float64Array.from({ length: bins }, () => 1000 + Math.floor(next() * 100)),
    ]);
    const edges = Array.from({ length: bins - 1 }, (_, i) => i + 1);
    const perVerdict = (ordered: boolean) =>
      (medianMs(
        () => {
          for (const [r, c] of pairs)
            sink += driftVerdict('psi', r as Float64Array, c as Float64Array, { edges, ordered }).pValue;
        },
        11,
        5
      ) *
        1000) /
      pairs.length;
    const unordered = perVerdict(false);
    const ordered = perVerdict(true);
    figures.push({
      name: bins === 10 ? 'drift.verdict' : `drift.verdict.${bins}`,
      value: ordered,
      unit: 'µs/verdict',
      baseline: 'unordered',
      ratio: ordered / unordered,
      bins,
      measure: 'psi',
    });
  }

  // The same PSI verdict (10 ordered bins) when one bin is sparse, a 0.1 % tail bin expecting
  // fewer than 20 pooled values: a seeded Monte Carlo null (499 draws, dealt bin by bin above 40
  // values per bin, see nullCounts.ts) instead of the limits; instrumentation's synchronous
  // verdict() pays it. Baseline: the one-value-at-a-time permutation it replaced (plainPermutation).
  // `dense_us`: the same sizes with no sparse bin (the limits, no draws). At 100 values per side
  // every one of 10 bins expects < 20, and the Monte Carlo is the ordinary (one by one) path.
  for (const n of [1000, 10_000]) {
    const windows = (tail: number) => {
      const next = seededRandom(n + Math.round(tail * 1e4));
      const counts = () => {
        const c = new Float64Array(10);
        for (let t = 0; t < n; t++) {
          const u = next();
          c[u < tail ? 9 : Math.min(8, Math.floor(((u - tail) / (1 - tail)) * 9))]++;
        }
        return c;
      };
      return Array.from({ length: 10 }, () => [counts(), counts()] as const);
    };
    const edges = Array.from({ length: 9 }, (_, i) => i + 1);
    type Pairs = ReturnType<typeof windows>;
    const perPair = (pairs: Pairs, one: (r: Float64Array, c: Float64Array) => number, runs: number) =>
      (medianMs(
        () => {
          for (const [r, c] of pairs) sink += one(r, c);
        },
        runs,
        2
      ) *
        1000) /
      pairs.length;
    const verdict = (r: Float64Array, c: Float64Array) => driftVerdict('psi', r, c, { edges }).pValue;
    const sparse = windows(0.001);
    const [r0, c0] = sparse[0] as Pairs[number];
    const method = driftVerdict('psi', r0, c0, { edges }).method;
    if (method !== 'permutation') throw new Error(`driftBench: sparse case took the ${method} path`);
    const value = perPair(sparse, verdict, 11);
    const next = seededRandom(n);
    const plain = perPair(sparse, (r, c) => plainPermutation(r, c, next), 3);
    figures.push({
      name: 'drift.verdict.sparse',
      value,
      unit: 'µs/verdict',
      baseline: 'one-by-one-permutation',
      ratio: value / plain,
      baseline_us: plain,
      dense_us: perPair(windows(0.1), verdict, 7),
      n,
      bins: 10,
      measure: 'psi',
    });
  }

  if (Number.isNaN(sink)) throw new Error('driftBench: a measure returned NaN');
  return figures;
}
