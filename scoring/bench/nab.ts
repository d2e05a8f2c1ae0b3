/**
 * NAB benchmark: runs every detector over a NAB-layout directory, writes NAB-layout results and
 * prints normalised scores beside the published scoreboard.
 *
 *   npm run bench:nab -w scoring -- [--data DIR] [--out DIR] [--json] [--detectors a,b]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_DETECTOR, DETECTORS, isDetectorName } from '../src/anomaly/index.ts';
import type { DetectorName } from '../src/anomaly/index.ts';
import { evaluateDetector, formatNabTimestamp, NAB_PROFILES, PROFILE_NAMES } from '../src/nab/index.ts';
import type { DetectorEvaluation, NabCorpusFile } from '../src/nab/index.ts';
import { defaultNabDirectory, loadNabCorpus, loadNabProfiles } from './nabDirectory.ts';

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
  detectors: DetectorName[];
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = {
    data: defaultNabDirectory(),
    out: undefined,
    json: false,
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
    else if (arg === '--detectors') {
      opts.detectors = value()
        .split(',')
        .map((d) => {
          if (!isDetectorName(d)) throw new Error(`--detectors: unknown detector "${d}"`);
          return d;
        });
    } else throw new Error(`unknown argument ${arg} (use --data DIR, --out DIR, --json, --detectors a,b)`);
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
  }
  const out = opts.out ?? mkdtempSync(join(tmpdir(), 'sieve-nab-'));
  const evaluations: { ev: DetectorEvaluation; seconds: number }[] = [];
  for (const detector of opts.detectors) {
    const t0 = performance.now();
    const ev = evaluateDetector(corpus, detector, undefined, profiles);
    const seconds = (performance.now() - t0) / 1000;
    writeResults(join(out, 'results'), corpus, ev);
    evaluations.push({ ev, seconds });
    if (opts.json) {
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
  console.log(`NAB on ${opts.data}: ${corpus.length} files, ${windows} windows (this subset, not the full benchmark)`);
  const rows: string[][] = [
    ['detector', 'standard', 'low FP', 'low FN', 'threshold(std)', 'TP/FN/FP(std)', 's', 'data'],
  ];
  for (const { ev, seconds } of evaluations) {
    const s = ev.results.standard;
    rows.push([
      ev.detector + (ev.detector === DEFAULT_DETECTOR ? ' (default)' : ''),
      ...PROFILE_NAMES.map((p) => ev.results[p].normalised.toFixed(1)),
      s.threshold.toPrecision(4),
      `${s.detectedWindows}/${s.missedWindows}/${s.falsePositives}`,
      seconds.toFixed(1),
      'this subset',
    ]);
  }
  for (const [name, std, fp, fn] of SCOREBOARD) {
    rows.push([name, std.toFixed(1), fp.toFixed(1), fn.toFixed(1), '', '', '', 'published, full NAB']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  console.log(`results written to ${join(out, 'results')}`);
}

main();
