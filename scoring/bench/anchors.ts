/**
 * `npm run bench:anchors -w scoring [-- --json] [-- --quick]`: Sieve side by side with Evidently,
 * NannyML and scipy on the same real-data samples (vega-datasets flights and weather).
 *
 * - A Python virtual environment is created once in a cache folder
 *   ($SIEVE_ANCHORS_CACHE, else $XDG_CACHE_HOME/sieve/scoring-anchors, else ~/.cache/…), keyed by a
 *   hash of anchors/requirements.txt + constraints.txt (pinned versions), and the tools installed
 *   with pip. No Python or no install → it says so and exits 1. Not part of `npm test`.
 * - Agreement: where definitions agree, values computed by the other tools on the same bins.
 * - Verdicts: each tool's default drift verdict on a false-alarm / detection grid.
 * - Speed: raw columns to verdicts for 100 features × 100k rows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFigures, type Figure } from '@sieve/testkit';
import {
  andersonDarling,
  binCounts,
  chiSquare,
  driftVerdict,
  driftVerdicts,
  jensenShannon,
  kl,
  ksStatistic,
  psi,
  quantileEdges,
  wasserstein,
  type MeasureName,
} from '../src/drift/index.ts';
import { flightColumns, weatherColumns, weatherDays, type NumericColumn } from './realData.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const HERE = join(import.meta.dirname, 'anchors');

function fail(message: string): never {
  console.error(`bench:anchors: ${message}`);
  process.exit(1);
}

/** The venv's python, creating and filling the venv first if needed. */
function python(): string {
  const requirements = readFileSync(join(HERE, 'requirements.txt'), 'utf8');
  const constraints = readFileSync(join(HERE, 'constraints.txt'), 'utf8');
  const key = createHash('sha256').update(requirements).update(constraints).digest('hex').slice(0, 12);
  const cache =
    process.env.SIEVE_ANCHORS_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sieve', 'scoring-anchors');
  const venv = join(cache, `venv-${key}`);
  const py = join(venv, 'bin', 'python');
  const ready = join(venv, '.installed');
  if (existsSync(ready)) return py;
  const system = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (system.status !== 0) fail('python3 was not found; install Python ≥ 3.10 to compare with Evidently and NannyML');
  mkdirSync(cache, { recursive: true });
  console.error(`bench:anchors: creating ${venv} (${system.stdout.trim()}) and installing the pinned tools…`);
  if (spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0)
    fail(`could not create a virtual environment at ${venv} (is python3-venv installed?)`);
  const pip = spawnSync(
    py,
    ['-m', 'pip', 'install', '-q', '-r', join(HERE, 'requirements.txt'), '-c', join(HERE, 'constraints.txt')],
    { stdio: 'inherit' }
  );
  if (pip.status !== 0) fail(`pip could not install evidently, nannyml and scipy into ${venv} (no network or PyPI?)`);
  writeFileSync(ready, `${new Date().toISOString()}\n`);
  return py;
}

type Sampler = (bound: number) => number;
function sampler(seed: number): Sampler {
  let a = seed >>> 0;
  return (bound) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}
function draw(pick: Sampler, pool: ArrayLike<number>, n: number, shift = 0): Float64Array {
  return Float64Array.from({ length: n }, () => (pool[pick(pool.length)] as number) + shift);
}
function sd(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += (v[i] as number) / v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += ((v[i] as number) - m) ** 2 / v.length;
  return Math.sqrt(s);
}

interface GridItem {
  id: number;
  kind: 'same' | 'shift';
  n: number;
  column: string;
  ref: Float64Array;
  cur: Float64Array;
}

function main(): void {
  const py = python();
  const pick = sampler(14);
  const columns: NumericColumn[] = [...flightColumns(), ...weatherColumns(weatherDays())].filter((c) =>
    ['flights.delay', 'flights.distance', 'weather.temp_max', 'weather.wind'].includes(c.name)
  );

  // Agreement samples: each column, two sizes, the current shifted by 0.25 sd so values are not 0.
  const agreement = columns.flatMap((c) =>
    [500, 5000].map((n) => {
      const ref = draw(pick, c.values, n);
      const cur = draw(pick, c.values, n, 0.25 * sd(c.values));
      const edges = quantileEdges(ref);
      return {
        name: `${c.name} n=${n}`,
        ref,
        cur,
        edges,
        refCounts: binCounts(edges, ref),
        curCounts: binCounts(edges, cur),
      };
    })
  );

  const sizes = quick ? [30, 300, 3000] : [30, 100, 300, 1000, 10_000];
  // Small windows decide the comparison and rates there differ by a few %: 100 pairs per column.
  const repsAt = (n: number) => (quick ? 5 : n <= 100 ? 100 : 25);
  const grid: GridItem[] = [];
  for (const n of sizes)
    for (const c of columns)
      for (let r = 0; r < repsAt(n); r++)
        for (const kind of ['same', 'shift'] as const)
          grid.push({
            id: grid.length,
            kind,
            n,
            column: c.name,
            ref: draw(pick, c.values, n),
            cur: draw(pick, c.values, n, kind === 'shift' ? 0.5 * sd(c.values) : 0),
          });

  const dir = mkdtempSync(join(tmpdir(), 'sieve-anchors-'));
  const features = quick ? 20 : 100;
  const rows = 100_000;
  const speedRef = new Float64Array(features * rows);
  const speedCur = new Float64Array(features * rows);
  for (let f = 0; f < features; f++) {
    const c = columns[f % columns.length] as NumericColumn;
    speedRef.set(draw(pick, c.values, rows), f * rows);
    speedCur.set(draw(pick, c.values, rows, f % 2 ? 0.1 * sd(c.values) : 0), f * rows);
  }
  writeFileSync(join(dir, 'ref.f64'), Buffer.from(speedRef.buffer));
  writeFileSync(join(dir, 'cur.f64'), Buffer.from(speedCur.buffer));
  const input = {
    agreement: agreement.map((a) => ({
      name: a.name,
      ref: Array.from(a.ref),
      cur: Array.from(a.cur),
      sieve: { edges: a.edges, ref: Array.from(a.refCounts), cur: Array.from(a.curCounts) },
    })),
    grid: grid.map((g) => ({ id: g.id, ref: Array.from(g.ref), cur: Array.from(g.cur) })),
    speed: { dir, features, rows },
  };
  writeFileSync(join(dir, 'input.json'), JSON.stringify(input));
  let stdout: string;
  try {
    stdout = execFileSync(py, [join(HERE, 'anchors.py'), join(dir, 'input.json')], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (e) {
    fail(`the Python side failed: ${(e as Error).message}`);
  }
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

  // Sieve's speed: raw columns → reference-quantile bins → counts → default verdicts (6 measures).
  const measures: MeasureName[] = ['psi', 'js', 'kl', 'hellinger', 'ks', 'wasserstein'];
  const t0 = performance.now();
  let drifted = 0;
  for (let f = 0; f < features; f++) {
    const ref = speedRef.subarray(f * rows, (f + 1) * rows);
    const cur = speedCur.subarray(f * rows, (f + 1) * rows);
    const edges = quantileEdges(ref);
    for (const v of driftVerdicts(measures, binCounts(edges, ref), binCounts(edges, cur), { edges }))
      if (v.drift) drifted++;
  }
  const sieveMs = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });

  const figures: Figure[] = [];
  const versions = lines.find((l) => l.kind === 'versions') ?? {};
  // Agreement: the largest |difference| over samples, per pair of definitions.
  const worst = new Map<string, { diff: number; note: string }>();
  const note = (key: string, diff: number, text: string) => {
    const w = worst.get(key);
    if (!w || diff > w.diff) worst.set(key, { diff, note: text });
  };
  for (const line of lines.filter((l) => l.kind === 'agreement')) {
    const a = agreement.find((s) => s.name === line.name);
    if (!a) continue;
    const ev = line.evidently as Record<string, number>;
    const sp = line.scipy as Record<string, number>;
    const evc = line.evidently_counts as { ref: number[]; cur: number[] };
    const nmc = line.nannyml_counts as { ref: number[]; cur: number[] };
    const nm = line.nannyml as Record<string, number>;
    note(
      'psi vs evidently psi (its Sturges bins, ε = 1e-4)',
      Math.abs(psi(evc.ref, evc.cur) - (ev.psi as number)),
      'same bins and ε; differs only if a share lies in (0, 1e-4)'
    );
    note(
      'kl vs evidently kl_div (its bins)',
      Math.abs(kl(evc.ref, evc.cur) - (ev.kl as number)),
      'Evidently fills zeros with 1e-4 and scipy renormalises, as Sieve does'
    );
    note(
      'js·√ln2 vs evidently jensenshannon (natural-log distance, its bins)',
      Math.abs(jensenShannon(evc.ref, evc.cur) * Math.sqrt(Math.LN2) - (ev.js_nats as number)),
      'base 2 vs natural log: × √ln 2'
    );
    note(
      'js vs scipy jensenshannon(base=2), Sieve bins',
      Math.abs(jensenShannon(a.refCounts, a.curCounts) - (sp.js_sieve_bins as number)),
      'same definition'
    );
    note(
      'js vs nannyml jensen_shannon (Doane bins on reference + leftover bin)',
      Math.abs(jensenShannon(nmc.ref, nmc.cur) - (nm.js as number)),
      'same bins: Doane edges on the reference plus a leftover bin for current values outside them'
    );
    note(
      'wasserstein vs scipy wasserstein_distance on bin points',
      Math.abs(wasserstein(a.refCounts, a.curCounts, a.edges) - (sp.wasserstein_sieve_bins as number)),
      'same definition'
    );
    note(
      'kl vs scipy entropy(max(p, 1e-4), max(q, 1e-4)), Sieve bins',
      Math.abs(kl(a.refCounts, a.curCounts) - (sp.entropy_sieve_bins as number)),
      'same definition'
    );
    const chi = chiSquare(a.refCounts, a.curCounts);
    note(
      'chi2 statistic vs scipy chi2_contingency',
      Math.abs(chi.statistic - (sp.chi2_stat as number)) / Math.max(1, chi.statistic),
      'relative; same test'
    );
    note('chi2 p-value vs scipy chi2_contingency', Math.abs(chi.pValue - (sp.chi2_p as number)), 'same test');
    const allEdges = [...new Set([...a.ref, ...a.cur])].sort((x, y) => x - y);
    const ksExact = ksStatistic(binCounts(allEdges, a.ref), binCounts(allEdges, a.cur));
    note(
      'ks statistic (bins = every distinct value) vs scipy ks_2samp',
      Math.abs(ksExact - (sp.ks_stat as number)),
      'exact when every value is an edge'
    );
    const ad = andersonDarling(binCounts(allEdges, a.ref), binCounts(allEdges, a.cur));
    note(
      'andersonDarling (bins = every distinct value) vs scipy anderson_ksamp A²kN (midrank=False)',
      Math.abs(ad - (sp.ad_a2kn as number)) / Math.max(1, ad),
      'relative; the same statistic (Scholz & Stephens, tied data)'
    );
    note(
      'ks statistic on 10 quantile bins vs scipy ks_2samp (raw)',
      Math.abs(ksStatistic(a.refCounts, a.curCounts) - (sp.ks_stat as number)),
      'binned KS is a lower bound of the raw statistic'
    );
  }
  for (const [pair, { diff, note: why }] of worst) {
    figures.push({
      name: 'anchors.agreement',
      value: diff,
      unit: 'max |difference|',
      pair,
      within_1e9: diff <= 1e-9,
      note: why,
    });
  }

  // Verdicts: false alarms ('same') and detection ('shift') per tool and n.
  const results = new Map(lines.filter((l) => l.kind === 'grid').map((l) => [l.id as number, l]));
  for (const n of sizes) {
    for (const kind of ['same', 'shift'] as const) {
      const items = grid.filter((g) => g.n === n && g.kind === kind);
      let sieve = 0;
      let ev = 0;
      let nm = 0;
      let nmTrials = 0;
      for (const g of items) {
        const edges = quantileEdges(g.ref);
        if (driftVerdict('psi', binCounts(edges, g.ref), binCounts(edges, g.cur), { edges }).drift) sieve++;
        const r = results.get(g.id);
        if (r?.evidently === true) ev++;
        if (typeof r?.nannyml === 'boolean') {
          nmTrials++;
          if (r.nannyml) nm++;
        }
      }
      const name = kind === 'same' ? 'anchors.false_alarm' : 'anchors.detection';
      figures.push({
        name,
        value: sieve / items.length,
        unit: 'rate',
        tool: 'sieve (psi verdict)',
        n,
        trials: items.length,
      });
      figures.push({
        name,
        value: ev / items.length,
        unit: 'rate',
        tool: 'evidently (default test)',
        n,
        trials: items.length,
      });
      figures.push({
        name,
        value: nmTrials ? nm / nmTrials : NaN,
        unit: 'rate',
        tool: 'nannyml (default JS, mean+3σ)',
        n,
        trials: nmTrials,
      });
    }
  }

  const speed = lines.find((l) => l.kind === 'speed') as { evidently_ms: number; nannyml_ms: number } | undefined;
  if (speed) {
    for (const [baseline, ms] of [
      ['evidently', speed.evidently_ms],
      ['nannyml', speed.nannyml_ms],
    ] as const) {
      figures.push({
        name: 'anchors.speed',
        value: sieveMs,
        unit: 'ms',
        baseline,
        baseline_ms: ms,
        ratio: sieveMs / ms,
        features,
        rows,
        drifted_verdicts: drifted,
      });
    }
  }
  figures.push({ name: 'anchors.versions', value: 0, unit: '', ...(versions as Record<string, string>) });
  reportFigures(figures, argv);
}

main();
