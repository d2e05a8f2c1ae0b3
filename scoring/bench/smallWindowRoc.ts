/**
 * `npm run bench:roc -w scoring [-- --json]`: what 10 reference-quantile bins can detect at 30 values
 * per side, against KS on the raw values (Evidently's default test), at the same actual false-alarm
 * rate. The anchors' four real columns, 600 same-distribution and 600 shifted (0.5 sd) pairs each,
 * seeded. The data of scoring/README.md's "What 10 bins can do at 30 values per side". Takes a few
 * minutes (the rank nulls use 20,000 draws per distinct reference).
 *
 * `-- --bins B --n N --seed S --per-column P` change the grid (the README's "More bins, or a lower alpha
 * for small windows?"), `--no-rank-null` skips the slow rank-null tests; Sieve's verdict is also
 * reported at several alphas, with the pairs only it or only KS flags (the paired difference's error).
 *
 * Tests: KS and Anderson–Darling on raw values; binned Anderson–Darling with Sieve's permutation
 * null (driftVerdict); binned Anderson–Darling and a binned rank-sum with the exact rank null of
 * reference-quantile bins (the current's counts are Dirichlet–multinomial with parameters the gaps
 * between reference order statistics each bin spans, numpy's interpolated edges splitting a gap).
 */
import { reportFigures, type Figure } from '@sieve/testkit';
import { andersonDarling, binCounts, driftVerdict, quantileEdges } from '../src/drift/index.ts';
import { seededUniform } from '../src/drift/random.ts';
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
const DRAWS = 20_000;
const NOMINAL = 0.025;
/** Levels at which Sieve's verdict (binned Anderson–Darling, permutation null) is also reported. */
const ALPHAS = [0.01, 0.015, 0.02, 0.021, 0.0225, 0.025, 0.03];
const uniform = seededUniform(option('seed', 2026));
const draw = (pool: Float64Array, n: number, shift = 0) =>
  Float64Array.from({ length: n }, () => (pool[Math.floor(uniform() * pool.length)] as number) + shift);
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

/** The exact rank null of `statistic` given the reference's bins (Pólya urn draws), cached per reference. */
const nulls = new Map<string, Float64Array>();
function rankNullP(r: Float64Array, c: Float64Array, name: string, statistic: typeof rankSum): number {
  let m = 0;
  for (const x of c) m += x;
  const key = `${name}|${m}|${r.join(',')}`;
  let sorted = nulls.get(key);
  if (!sorted) {
    const u = seededUniform(7);
    const alpha = gapParameters(r);
    let a = 0;
    for (const x of alpha) a += x;
    const star = new Float64Array(r.length);
    sorted = new Float64Array(DRAWS);
    for (let d = 0; d < DRAWS; d++) {
      star.fill(0);
      for (let t = 0; t < m; t++) {
        let x = u() * (a + t);
        let j = 0;
        for (; j < r.length - 1; j++) if ((x -= (alpha[j] as number) + (star[j] as number)) < 0) break;
        star[j]++;
      }
      sorted[d] = statistic(r, star);
    }
    sorted.sort();
    nulls.set(key, sorted);
  }
  const observed = statistic(r, c) - 1e-12;
  let atLeast = 0;
  for (const v of sorted) if (v >= observed) atLeast++;
  return (1 + atLeast) / (1 + DRAWS);
}

type Scores = Record<string, number>; // larger = more evidence of drift
const TESTS = [
  'ks-raw',
  'ad-raw',
  'ad-bins-permutation',
  ...(RANK_NULL ? ['ad-bins-rank-null', 'rank-sum-bins-rank-null'] : []),
];
const same: Scores[] = [];
const shifted: Scores[] = [];
const columns = [...flightColumns(), ...weatherColumns(weatherDays())].filter((c) =>
  ['flights.delay', 'flights.distance', 'weather.temp_max', 'weather.wind'].includes(c.name)
);
for (const column of columns) {
  const spread = sd(column.values);
  for (let i = 0; i < PER_COLUMN; i++)
    for (const kind of ['same', 'shift'] as const) {
      const ref = draw(column.values, N);
      const cur = draw(column.values, N, kind === 'shift' ? 0.5 * spread : 0);
      const edges = quantileEdges(ref, BINS);
      const r = binCounts(edges, ref);
      const c = binCounts(edges, cur);
      const [rawR, rawC] = rawCounts(ref, cur);
      (kind === 'same' ? same : shifted).push({
        'ks-raw': ksOf(rawR, rawC),
        'ad-raw': andersonDarling(rawR, rawC),
        'ad-bins-permutation': -driftVerdict('psi', r, c, { edges }).pValue,
        ...(RANK_NULL
          ? {
              'ad-bins-rank-null': -rankNullP(r, c, 'ad', (a, b) => andersonDarling(a, b)),
              'rank-sum-bins-rank-null': -rankNullP(r, c, 'rank', rankSum),
            }
          : {}),
      });
    }
}

const rate = (rows: Scores[], test: string, threshold: number) =>
  rows.filter((s) => (s[test] as number) >= threshold).length / rows.length;
const discordant = (rows: Scores[], threshold: number): [number, number] => {
  const sieve = (s: Scores) => (s['ad-bins-permutation'] as number) >= threshold;
  const ks = (s: Scores) => (s['ks-raw'] as number) >= KS_K / N - 1e-9;
  return [rows.filter((s) => sieve(s) && !ks(s)).length, rows.filter((s) => !sieve(s) && ks(s)).length];
};
/** The lowest threshold whose false-alarm rate is ≤ target: detection there (no randomisation). */
function atFalseAlarms(test: string, target: number): { falseAlarms: number; detection: number } {
  const thresholds = [...new Set([...same, ...shifted].map((s) => s[test] as number))].sort((a, b) => a - b);
  for (const t of thresholds) {
    const falseAlarms = rate(same, test, t);
    if (falseAlarms <= target) return { falseAlarms, detection: rate(shifted, test, t) };
  }
  return { falseAlarms: 0, detection: 0 };
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
      };
  const at3 = atFalseAlarms(test, 0.03);
  const at15 = atFalseAlarms(test, 0.015);
  const levels =
    test === 'ad-bins-permutation'
      ? Object.fromEntries(
          ALPHAS.flatMap((a) => [
            [`false_alarms_at_alpha_${a}`, rate(same, test, -a + 1e-15)],
            [`detection_at_alpha_${a}`, rate(shifted, test, -a + 1e-15)],
            // Pairs where only Sieve / only KS (Evidently) alarms: the paired difference's sampling error.
            [`only_sieve_only_ks_same_at_alpha_${a}`, discordant(same, -a + 1e-15)],
            [`only_sieve_only_ks_shifted_at_alpha_${a}`, discordant(shifted, -a + 1e-15)],
          ])
        )
      : {};
  figures.push({
    name: `roc.n${N}`,
    value: at3.detection,
    unit: 'detection at false alarms <= 3 %',
    test,
    false_alarms_at_3: at3.falseAlarms,
    detection_at_1_5: at15.detection,
    false_alarms_at_1_5: at15.falseAlarms,
    ...nominal,
    ...levels,
    bins: BINS,
    pairs: same.length,
  });
}
reportFigures(figures, process.argv.slice(2));
