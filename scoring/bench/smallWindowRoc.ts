/**
 * `npm run bench:roc -w scoring [-- --json]`: what 10 reference-quantile bins can detect at 30 values
 * per side, against KS on the raw values (Evidently's default test), at the same actual false-alarm
 * rate. The anchors' four real columns, 600 same-distribution, 600 shifted (0.5 sd) and 600
 * spread (×1.5 about the column's mean, same mean; drawn from a stream of their own) pairs each,
 * seeded. The data of scoring/README.md's "What 10 bins can do at 30 values per side". Takes a few
 * minutes (the rank nulls use 20,000 draws per distinct reference).
 *
 * `-- --bins B --n N --seed S --per-column P` change the grid (the README's "More bins, or a lower alpha
 * for small windows?"), `--no-rank-null` skips the slow rank-null tests; each permutation and
 * rank-null test is also reported at several alphas, with the pairs only it or only KS flags (the
 * paired difference's error). `--weibull-edges` (with `--no-rank-null`) tries edges at the
 * i(n + 1)/bins-th reference order statistic instead of numpy's quantiles (an exploration).
 *
 * Tests: KS and Anderson–Darling on raw values; binned Anderson–Darling with Sieve's permutation
 * null (driftVerdict), and on the same permutation draws a binned rank-sum and the two combined
 * (min-p, and Fisher's), calibrated jointly; binned Anderson–Darling, rank-sum and their min-p with
 * the exact rank null of reference-quantile bins (the current's counts are Dirichlet–multinomial
 * with parameters the gaps between reference order statistics each bin spans, numpy's interpolated
 * edges splitting a gap).
 */
import { reportFigures, type Figure } from '@sieve/testkit';
import { andersonDarling, binCounts, driftVerdict, quantileEdges } from '../src/drift/index.ts';
import { dealOneByOne, pooledLabels } from '../src/drift/nullCounts.ts';
import { seededUniform } from '../src/drift/random.ts';
import { countAtOrAbove } from '../src/drift/tailCount.ts';
import { flightColumns, weatherColumns, weatherDays } from './realData.ts';

/** `--n 50`, `--bins 20`, `--per-column 600`, `--seed 2026`: the grid; `--no-rank-null` skips the slow rank-null tests. */
function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name}: a positive integer, got ${process.argv[i + 1]}`);
  return v;
}
const N = option('n', 30);
const PER_COLUMN = option('per-column', 600);
const BINS = option('bins', 10);
const RANK_NULL = !process.argv.includes('--no-rank-null');
/**
 * `--weibull-edges` (exploration, not Sieve's default): edges at the reference's i/(bins)·(n + 1)-th
 * order statistic (numpy method 'weibull'), so each bin spans the same number of gaps between
 * reference order statistics and a same-distribution current expects m/bins values in every bin.
 */
const WEIBULL = process.argv.includes('--weibull-edges');
if (WEIBULL && RANK_NULL)
  throw new Error('--weibull-edges: pass --no-rank-null too (the rank null assumes numpy edges)');
function weibullEdges(values: Float64Array, bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const h = Math.min(n - 1, Math.max(0, ((n + 1) * i) / bins - 1));
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    const b = sorted[Math.min(lo + 1, n - 1)] as number;
    const edge = a + (h - lo) * (b - a);
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  return edges;
}
const DRAWS = 20_000;
const NOMINAL = 0.025;
/** Levels at which each permutation and rank-null test (Sieve's verdict among them) is also reported. */
const ALPHAS = [0.01, 0.015, 0.02, 0.021, 0.0225, 0.025, 0.03];
const uniform = seededUniform(option('seed', 2026));
// The spread pairs have a stream of their own, so the other pairs stay those of earlier runs.
const spreadUniform = seededUniform(option('seed', 2026) + 0x9e3779b9);
const draw = (pool: Float64Array, n: number, shift = 0, u = uniform) =>
  Float64Array.from({ length: n }, () => (pool[Math.floor(u() * pool.length)] as number) + shift);
function sd(v: Float64Array): number {
  let m = 0;
  for (const x of v) m += x / v.length;
  let s = 0;
  for (const x of v) s += (x - m) ** 2 / v.length;
  return Math.sqrt(s);
}

/** Counts of both samples with every distinct value as a bin: the raw-value statistics. */
function rawCounts(a: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
  const all = [...new Set([...a, ...b])].sort((x, y) => x - y);
  return [binCounts(all, a), binCounts(all, b)];
}
function ksOf(r: ArrayLike<number>, c: ArrayLike<number>): number {
  let [nr, nc, fr, fc, d] = [0, 0, 0, 0, 0];
  for (let i = 0; i < r.length; i++) [nr, nc] = [nr + (r[i] as number), nc + (c[i] as number)];
  for (let i = 0; i < r.length; i++) {
    fr += (r[i] as number) / nr;
    fc += (c[i] as number) / nc;
    d = Math.max(d, Math.abs(fr - fc));
  }
  return d;
}
/** |Mann–Whitney z| on bins (midranks, tie-corrected variance). */
function rankSum(r: ArrayLike<number>, c: ArrayLike<number>): number {
  let [n, m, below, w, ties] = [0, 0, 0, 0, 0];
  for (let i = 0; i < r.length; i++) [n, m] = [n + (r[i] as number), m + (c[i] as number)];
  for (let i = 0; i < r.length; i++) {
    const t = (r[i] as number) + (c[i] as number);
    w += (c[i] as number) * (below + (t + 1) / 2);
    ties += t * t * t - t;
    below += t;
  }
  const total = n + m;
  const variance = ((n * m) / 12) * (total + 1 - ties / (total * (total - 1)));
  return variance > 0 ? Math.abs(w - (m * (total + 1)) / 2) / Math.sqrt(variance) : 0;
}

/**
 * Sieve's permutation null (noise.ts: seed 0x5eed, 499 draws, dealt one by one with its own
 * dealOneByOne) with both binned Anderson–Darling and binned rank-sum on every draw: each test's own p-value and
 * the joint ones, calibrated on the SAME draws (the observed pair is one of 500 exchangeable
 * outcomes): min-p (the p-value of min(p_AD, p_RS)) and Fisher's −ln p_AD − ln p_RS.
 */
function jointPermutation(r: Float64Array, c: Float64Array, draws = 499): Record<string, number> {
  const k = r.length;
  const uniform = seededUniform(0x5eed);
  const pooled = Float64Array.from(r, (x, i) => x + (c[i] as number));
  const labels = pooledLabels(pooled);
  const size = labels.length;
  let refSize = 0;
  for (let i = 0; i < k; i++) refSize += r[i] as number;
  const toReference = refSize <= size - refSize;
  const dealt = toReference ? refSize : size - refSize;
  const ad = new Float64Array(draws + 1);
  const rs = new Float64Array(draws + 1);
  ad[0] = andersonDarling(r, c);
  rs[0] = rankSum(r, c);
  const side = new Float64Array(k);
  const other = new Float64Array(k);
  for (let d = 1; d <= draws; d++) {
    dealOneByOne(uniform, labels, dealt, side);
    for (let i = 0; i < k; i++) other[i] = (pooled[i] as number) - (side[i] as number);
    const [rr, cc] = toReference ? [side, other] : [other, side];
    const empty = !rr.some((x) => x > 0) || !cc.some((x) => x > 0);
    ad[d] = empty ? 0 : andersonDarling(rr, cc);
    rs[d] = empty ? 0 : rankSum(rr, cc);
  }
  // p of each outcome among all draws + 1 (ties count as extreme, relative tolerance as noise.ts).
  const pOf = (v: Float64Array) => {
    const sorted = Float64Array.from(v).sort();
    return Float64Array.from(v, (x) => tailShare(sorted, x));
  };
  const pAd = pOf(ad);
  const pRs = pOf(rs);
  const minP = Float64Array.from(pAd, (p, i) => -Math.min(p, pRs[i] as number));
  const fisher = Float64Array.from(pAd, (p, i) => -Math.log(p) - Math.log(pRs[i] as number));
  return {
    ad: pAd[0] as number,
    rs: pRs[0] as number,
    minP: pOf(minP)[0] as number,
    fisher: pOf(fisher)[0] as number,
  };
}

/**
 * Smallest D = k/n with exact P(D ≥ k/n) < 0.05 for two samples of n (no ties), as scipy's
 * `ks_2samp` (method 'exact', Evidently's test) decides: lattice paths from (0, 0) to (n, n) that
 * keep |i − j| < k, over all C(2n, n) paths.
 */
function ksCritical(n: number, level = 0.05): number {
  for (let k = 1; k <= n; k++) {
    let row = new Float64Array(n + 1);
    for (let j = 0; j < k && j <= n; j++) row[j] = 1;
    for (let i = 1; i <= n; i++) {
      const next = new Float64Array(n + 1);
      for (let j = 0; j <= n; j++)
        if (Math.abs(i - j) < k) next[j] = (row[j] as number) + (j > 0 ? (next[j - 1] as number) : 0);
      row = next;
    }
    let total = 1;
    for (let t = 1; t <= n; t++) total = (total * (n + t)) / t;
    if (1 - (row[n] as number) / total < level) return k;
  }
  return n + 1;
}
const KS_K = ksCritical(N);

/**
 * Dirichlet parameters of reference-quantile bins: bin j spans r_j − f_j + f_{j+1} gaps between
 * reference order statistics (n + 1 in all), f the fraction of the gap below each interior edge
 * (numpy interpolation at (n − 1)·q/bins); 0.5 where a tie moved the edge off its quantile.
 */
function gapParameters(r: Float64Array): Float64Array {
  let n = 0;
  for (const x of r) n += x;
  const k = r.length;
  const f = new Float64Array(k + 1);
  let below = 0;
  for (let j = 1; j < k; j++) {
    below += r[j - 1] as number;
    let best = 0.5;
    let distance = Infinity;
    for (let q = 1; q < BINS; q++) {
      const h = ((n - 1) * q) / BINS;
      const d = Math.abs(Math.floor(h) + 1 - below);
      if (d < distance) [distance, best] = [d, d === 0 ? h - Math.floor(h) : 0.5];
    }
    f[j] = best;
  }
  return Float64Array.from(
    r,
    (x, j) => x - (j === 0 ? 0 : (f[j] as number)) + (j === k - 1 ? 1 : (f[j + 1] as number))
  );
}

/** One draw of the current's `m` counts from the Pólya urn with Dirichlet parameters `alpha` (sum `a`), into `star`. */
function polyaDraw(u: () => number, alpha: Float64Array, a: number, m: number, star: Float64Array): void {
  star.fill(0);
  for (let t = 0; t < m; t++) {
    let x = u() * (a + t);
    let j = 0;
    for (; j < star.length - 1; j++) if ((x -= (alpha[j] as number) + (star[j] as number)) < 0) break;
    star[j]++;
  }
}

/** Share of `sorted` at or above `x` (a draw's own p among the draws). */
const tailShare = (sorted: Float64Array, x: number): number => countAtOrAbove(sorted, x) / sorted.length;
/** (1 + #draws ≥ x) / (1 + draws): the observed value counted with the draws. */
const pValue = (sorted: Float64Array, x: number): number => (1 + countAtOrAbove(sorted, x)) / (1 + sorted.length);

/**
 * The exact rank null given the reference's bins and the current's size (Pólya urn draws, cached per
 * reference): binned Anderson–Darling and rank-sum on the same draws, and min(p_AD, p_RS) calibrated
 * jointly on them (each draw's own p of each test among the draws, their minimum).
 */
const rankNulls = new Map<string, { ad: Float64Array; rs: Float64Array; minP: Float64Array }>();
function rankNull(r: Float64Array, c: Float64Array): { ad: Float64Array; rs: Float64Array; minP: Float64Array } {
  let m = 0;
  for (const x of c) m += x;
  const key = `${m}|${r.join(',')}`;
  let cached = rankNulls.get(key);
  if (!cached) {
    const u = seededUniform(7);
    const alpha = gapParameters(r);
    let a = 0;
    for (const x of alpha) a += x;
    const star = new Float64Array(r.length);
    const adDraws = new Float64Array(DRAWS);
    const rsDraws = new Float64Array(DRAWS);
    for (let d = 0; d < DRAWS; d++) {
      polyaDraw(u, alpha, a, m, star);
      adDraws[d] = andersonDarling(r, star);
      rsDraws[d] = rankSum(r, star);
    }
    const ad = Float64Array.from(adDraws).sort();
    const rs = Float64Array.from(rsDraws).sort();
    const minP = Float64Array.from(adDraws, (x, d) => -Math.min(tailShare(ad, x), tailShare(rs, rsDraws[d] as number)));
    cached = { ad, rs, minP: minP.sort() };
    rankNulls.set(key, cached);
  }
  return cached;
}
/** p-values of binned Anderson–Darling, rank-sum and their min-p under the exact rank null. */
function rankNullP(r: Float64Array, c: Float64Array): { ad: number; rs: number; minP: number } {
  const null_ = rankNull(r, c);
  const ad = pValue(null_.ad, andersonDarling(r, c));
  const rs = pValue(null_.rs, rankSum(r, c));
  // The observed pair counted with the draws (a draw's own p leaves it out: conservative by 1/DRAWS).
  return { ad, rs, minP: pValue(null_.minP, -Math.min(ad, rs)) };
}

type Scores = Record<string, number>; // larger = more evidence of drift
const TESTS = [
  'ks-raw',
  'ad-raw',
  'ad-bins-permutation',
  'rank-sum-bins-permutation',
  'ad-rank-sum-min-p-permutation',
  'ad-rank-sum-fisher-permutation',
  ...(RANK_NULL ? ['ad-bins-rank-null', 'rank-sum-bins-rank-null', 'ad-rank-sum-min-p-rank-null'] : []),
];
const same: Scores[] = [];
const shifted: Scores[] = [];
/** Spread ×1.5 about the column's mean, same mean: what a location test alone cannot see. */
const spread: Scores[] = [];
const columns = [...flightColumns(), ...weatherColumns(weatherDays())].filter((c) =>
  ['flights.delay', 'flights.distance', 'weather.temp_max', 'weather.wind'].includes(c.name)
);
for (const column of columns) {
  const sdev = sd(column.values);
  let mean = 0;
  for (const x of column.values) mean += x / column.values.length;
  for (let i = 0; i < PER_COLUMN; i++)
    for (const kind of ['same', 'shift', 'spread'] as const) {
      const u = kind === 'spread' ? spreadUniform : uniform;
      const ref = draw(column.values, N, 0, u);
      const cur = draw(column.values, N, kind === 'shift' ? 0.5 * sdev : 0, u);
      if (kind === 'spread') for (let t = 0; t < N; t++) cur[t] = mean + 1.5 * ((cur[t] as number) - mean);
      const edges = WEIBULL ? weibullEdges(ref, BINS) : quantileEdges(ref, BINS);
      const r = binCounts(edges, ref);
      const c = binCounts(edges, cur);
      const [rawR, rawC] = rawCounts(ref, cur);
      const joint = jointPermutation(r, c);
      const rankP = RANK_NULL ? rankNullP(r, c) : undefined;
      const sieveP = driftVerdict('psi', r, c, { edges }).pValue;
      // The replica of Sieve's permutation must give Sieve's own p-value.
      if (Math.abs(sieveP - (joint['ad'] as number)) > 1e-12) throw new Error(`replica ${joint['ad']} vs ${sieveP}`);
      (kind === 'same' ? same : kind === 'shift' ? shifted : spread).push({
        'ks-raw': ksOf(rawR, rawC),
        'ad-raw': andersonDarling(rawR, rawC),
        'ad-bins-permutation': -sieveP,
        'rank-sum-bins-permutation': -(joint['rs'] as number),
        'ad-rank-sum-min-p-permutation': -(joint['minP'] as number),
        'ad-rank-sum-fisher-permutation': -(joint['fisher'] as number),
        ...(rankP
          ? {
              'ad-bins-rank-null': -rankP.ad,
              'rank-sum-bins-rank-null': -rankP.rs,
              'ad-rank-sum-min-p-rank-null': -rankP.minP,
            }
          : {}),
      });
    }
}

const rate = (rows: Scores[], test: string, threshold: number) =>
  rows.filter((s) => (s[test] as number) >= threshold).length / rows.length;
const discordant = (rows: Scores[], threshold: number, test = 'ad-bins-permutation'): [number, number] => {
  const sieve = (s: Scores) => (s[test] as number) >= threshold;
  const ks = (s: Scores) => (s['ks-raw'] as number) >= KS_K / N - 1e-9;
  return [rows.filter((s) => sieve(s) && !ks(s)).length, rows.filter((s) => !sieve(s) && ks(s)).length];
};
/** The lowest threshold whose false-alarm rate is ≤ target: detection there (no randomisation). */
function atFalseAlarms(test: string, target: number): { falseAlarms: number; detection: number; spread: number } {
  const thresholds = [...new Set([...same, ...shifted].map((s) => s[test] as number))].sort((a, b) => a - b);
  for (const t of thresholds) {
    const falseAlarms = rate(same, test, t);
    if (falseAlarms <= target) return { falseAlarms, detection: rate(shifted, test, t), spread: rate(spread, test, t) };
  }
  return { falseAlarms: 0, detection: 0, spread: 0 };
}
const figures: Figure[] = [];
for (const test of TESTS) {
  // Nominal level: KS as Evidently runs it (p < 0.05 ⇔ D ≥ KS_K/n, 11/30 at 30 per side), p-values at 2.5 %.
  const threshold = test === 'ks-raw' ? KS_K / N - 1e-9 : test === 'ad-raw' ? NaN : -NOMINAL + 1e-15;
  const nominal = Number.isNaN(threshold)
    ? {}
    : {
        nominal: test === 'ks-raw' ? 0.05 : NOMINAL,
        false_alarms: rate(same, test, threshold),
        detection: rate(shifted, test, threshold),
        spread_detection: rate(spread, test, threshold),
      };
  const at3 = atFalseAlarms(test, 0.03);
  const at15 = atFalseAlarms(test, 0.015);
  const levels =
    test.endsWith('-permutation') || test.endsWith('-rank-null')
      ? Object.fromEntries(
          ALPHAS.flatMap((a) => [
            [`false_alarms_at_alpha_${a}`, rate(same, test, -a + 1e-15)],
            [`detection_at_alpha_${a}`, rate(shifted, test, -a + 1e-15)],
            [`spread_detection_at_alpha_${a}`, rate(spread, test, -a + 1e-15)],
            // Pairs where only this test / only KS (Evidently) alarms: the paired difference's sampling error.
            [`only_sieve_only_ks_same_at_alpha_${a}`, discordant(same, -a + 1e-15, test)],
            [`only_sieve_only_ks_shifted_at_alpha_${a}`, discordant(shifted, -a + 1e-15, test)],
            [`only_sieve_only_ks_spread_at_alpha_${a}`, discordant(spread, -a + 1e-15, test)],
          ])
        )
      : {};
  figures.push({
    name: `roc.n${N}`,
    value: at3.detection,
    unit: 'detection at false alarms <= 3 %',
    test,
    false_alarms_at_3: at3.falseAlarms,
    spread_detection_at_3: at3.spread,
    detection_at_1_5: at15.detection,
    false_alarms_at_1_5: at15.falseAlarms,
    ...nominal,
    ...levels,
    bins: BINS,
    pairs: same.length,
  });
}
reportFigures(figures, process.argv.slice(2));
