/**
 * NAB benchmark: runs every detector over a NAB-layout directory, writes NAB-layout results and
 * prints normalised scores beside the published scoreboard.
 *
 *   npm run bench:nab -w scoring -- [--data DIR] [--out DIR] [--json] [--detectors a,b] [--tune]
 *
 * Besides the usual scores (one threshold per detector, optimised on everything it is scored on),
 * it prints the leave-one-category-out score (threshold tuned on the other categories), which is
 * what a user with series nobody tuned on gets. `--tune` scores a small grid of ensemble settings
 * and picks the one with the best WORST fold.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_DETECTOR, DETECTORS, isDetectorName } from '../src/anomaly/index.ts';
import type { DetectorName } from '../src/anomaly/index.ts';
import {
  evaluateDetector,
  formatNabTimestamp,
  leaveOneCategoryOut,
  NAB_PROFILES,
  PROFILE_NAMES,
} from '../src/nab/index.ts';
import type { CostMatrix, DetectorEvaluation, LocoResult, NabCorpusFile } from '../src/nab/index.ts';
import { defaultNabDirectory, describeCorpus, loadNabCorpus, loadNabProfiles } from './nabDirectory.ts';

/** Published normalised scores on the full benchmark (NAB README), standard / low FP / low FN. */
const SCOREBOARD: [string, number, number, number][] = [
  ['ARTime', 74.9, 65.1, 80.4],
  ['Numenta HTM', 70.5, 62.6, 75.2],
  ['CAD OSE', 69.9, 67.0, 73.2],
  ['earthgecko Skyline', 58.2, 46.2, 63.9],
  ['KNN CAD', 58.0, 43.4, 64.8],
  ['Relative Entropy', 54.6, 47.6, 58.8],
  ['Random Cut Forest', 51.7, 38.4, 59.7],
  ['Twitter ADVec', 47.1, 33.6, 53.5],
  ['Windowed Gaussian', 39.6, 20.9, 47.4],
  ['Etsy Skyline', 35.7, 27.1, 44.5],
  ['Bayesian Changepoint', 17.7, 3.2, 32.2],
  ['Random', 11.0, 1.2, 19.5],
  ['Null', 0, 0, 0],
];

interface Options {
  data: string;
  out: string | undefined;
  json: boolean;
  tune: boolean;
  detectors: DetectorName[];
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = {
    data: defaultNabDirectory(),
    out: undefined,
    json: false,
    tune: false,
    detectors: Object.keys(DETECTORS) as DetectorName[],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--data') opts.data = resolve(value());
    else if (arg === '--out') opts.out = resolve(value());
    else if (arg === '--json') opts.json = true;
    else if (arg === '--tune') opts.tune = true;
    else if (arg === '--detectors') {
      opts.detectors = value()
        .split(',')
        .map((d) => {
          if (!isDetectorName(d)) throw new Error(`--detectors: unknown detector "${d}"`);
          return d;
        });
    } else throw new Error(`unknown argument ${arg} (use --data DIR, --out DIR, --json, --detectors a,b, --tune)`);
  }
  return opts;
}

/** results/<detector>/<category>/<detector>_<file>.csv with timestamp,value,anomaly_score,label. */
function writeResults(outDir: string, corpus: readonly NabCorpusFile[], ev: DetectorEvaluation): void {
  corpus.forEach((f, i) => {
    const [category, file] = f.name.split('/') as [string, string];
    const dir = join(outDir, ev.detector, category);
    mkdirSync(dir, { recursive: true });
    const scores = ev.scores[i]!;
    const lines = ['timestamp,value,anomaly_score,label'];
    for (let r = 0; r < f.values.length; r++) {
      lines.push(`${formatNabTimestamp(f.timestampsMs[r]!)},${f.values[r]},${scores[r]},${f.rows.label[r]}`);
    }
    writeFileSync(join(dir, `${ev.detector}_${file}`), lines.join('\n') + '\n');
  });
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const corpus = loadNabCorpus(opts.data);
  let profiles = NAB_PROFILES;
  try {
    profiles = loadNabProfiles(opts.data);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    console.error(`no profiles.json in ${opts.data}: using NAB v1.1's built-in cost profiles`);
  }
  const corpusKind = describeCorpus(corpus);
  const out = opts.out ?? mkdtempSync(join(tmpdir(), 'sieve-nab-'));
  const evaluations: { ev: DetectorEvaluation; seconds: number; loco: LocoResult }[] = [];
  for (const detector of opts.detectors) {
    const t0 = performance.now();
    const ev = evaluateDetector(corpus, detector, undefined, profiles);
    const seconds = (performance.now() - t0) / 1000;
    writeResults(join(out, 'results'), corpus, ev);
    const loco = locoOf(corpus, ev.scores, profiles.standard);
    evaluations.push({ ev, seconds, loco });
    if (opts.json) {
      console.log(
        JSON.stringify({
          name: 'nab.loco',
          detector,
          default: detector === DEFAULT_DETECTOR,
          value: round1(loco.normalised),
          min_fold: round1(loco.minFold),
          mean_fold: round1(loco.meanFold),
          folds: Object.fromEntries(loco.folds.map((f) => [f.category, round1(f.normalised)])),
          profile: 'standard',
          data: corpusKind,
          target: '>= 65, no fold < 55',
        })
      );
      for (const p of PROFILE_NAMES) {
        const r = ev.results[p];
        console.log(
          JSON.stringify({
            name: `nab.${p}`,
            detector,
            default: detector === DEFAULT_DETECTOR,
            value: Math.round(r.normalised * 10) / 10,
            threshold: r.threshold,
            detected: r.detectedWindows,
            missed: r.missedWindows,
            falsePositives: r.falsePositives,
            files: corpus.length,
            data: corpusKind,
            seconds: Math.round(seconds * 100) / 100,
          })
        );
      }
    }
  }
  if (opts.json) {
    console.error(`results written to ${join(out, 'results')}`);
    return;
  }
  const windows = corpus.reduce((s, f) => s + f.rows.totalWindows, 0);
  console.log(`NAB on ${opts.data}: ${corpus.length} files, ${windows} windows: ${corpusKind}`);
  const rows: string[][] = [
    ['detector', 'standard', 'low FP', 'low FN', 'threshold(std)', 'TP/FN/FP(std)', 'LOCO (min fold)', 's', 'data'],
  ];
  for (const { ev, seconds, loco } of evaluations) {
    const s = ev.results.standard;
    rows.push([
      ev.detector + (ev.detector === DEFAULT_DETECTOR ? ' (default)' : ''),
      ...PROFILE_NAMES.map((p) => ev.results[p].normalised.toFixed(1)),
      s.threshold.toPrecision(4),
      `${s.detectedWindows}/${s.missedWindows}/${s.falsePositives}`,
      `${loco.normalised.toFixed(1)} (${loco.minFold.toFixed(1)})`,
      seconds.toFixed(1),
      corpusKind,
    ]);
  }
  for (const [name, std, fp, fn] of SCOREBOARD) {
    rows.push([name, std.toFixed(1), fp.toFixed(1), fn.toFixed(1), '', '', '', '', 'published, full NAB']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  console.log(`results written to ${join(out, 'results')}`);
  for (const { ev, loco } of evaluations) {
    const folds = loco.folds.map(
      (f) =>
        `${f.category} ${f.normalised.toFixed(1)} @${f.threshold.toFixed(3)} (own best ${f.ownNormalised.toFixed(1)} @${f.ownThreshold.toFixed(3)})`
    );
    console.log(
      `LOCO ${ev.detector}: pooled ${loco.normalised.toFixed(1)}, mean fold ${loco.meanFold.toFixed(1)}, worst ${loco.minFold.toFixed(1)}: ${folds.join('; ')}`
    );
  }
  if (opts.tune) tune(corpus, profiles, opts.json);
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

function locoOf(corpus: readonly NabCorpusFile[], scores: readonly Float64Array[], costs: CostMatrix): LocoResult {
  return leaveOneCategoryOut(
    corpus.map((f, i) => ({ rows: f.rows, scores: scores[i]!, category: f.name.split('/')[0]! })),
    costs
  );
}

/** Ensemble settings around the defaults; the best WORST fold wins (ties: the better pooled score). */
const TUNING_GRID: Record<string, number>[] = [
  {},
  { cooldown: 300 },
  { cooldown: 500 },
  { shortWindow: 12 },
  { zCap: 8 },
  { longWindow: 4000 },
  { 'zscore.window': 255 },
];

function tune(corpus: readonly NabCorpusFile[], profiles: Record<string, CostMatrix>, json: boolean): void {
  const results = TUNING_GRID.map((params) => {
    const ev = evaluateDetector(corpus, 'ensemble', params, profiles as Parameters<typeof evaluateDetector>[3]);
    return { params, subset: ev.results.standard.normalised, loco: locoOf(corpus, ev.scores, profiles.standard!) };
  });
  const best = results.reduce((a, b) =>
    b.loco.minFold > a.loco.minFold || (b.loco.minFold === a.loco.minFold && b.loco.normalised > a.loco.normalised)
      ? b
      : a
  );
  for (const r of results) {
    const line = {
      name: 'nab.tune',
      params: r.params,
      subset: round1(r.subset),
      loco: round1(r.loco.normalised),
      mean_fold: round1(r.loco.meanFold),
      min_fold: round1(r.loco.minFold),
      chosen: r === best,
    };
    console.log(
      json
        ? JSON.stringify(line)
        : `tune ${JSON.stringify(r.params)}: subset ${line.subset}, LOCO ${line.loco}, mean fold ${line.mean_fold}, worst fold ${line.min_fold}${line.chosen ? '  <- chosen by worst fold' : ''}`
    );
  }
}

try {
  main();
} catch (e) {
  console.error(`bench:nab: ${(e as Error).message}`);
  process.exitCode = 1;
}
