/**
 * `npm run bench -w scoring [-- --json] [-- --curves FILE] [-- --quick] [-- --bins N]`: drift and anomaly
 * benchmarks, printed by reportFigures. `--curves FILE` also writes the false-alarm and detection
 * curves as JSON (the data of README's table and plot); `--quick` runs a smaller curve grid;
 * `--bins N` judges the curves on N reference-quantile bins instead of the default 10.
 */
import { writeFileSync } from 'node:fs';
import { reportFigures, type Figure } from '@sieve/testkit';
import { run as anomalyBench } from './anomalyBench.ts';
import { run as driftBench } from './driftBench.ts';
import { runCurves, runLearned } from './verdictCurves.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const curvesAt = argv.indexOf('--curves');
const binsAt = argv.indexOf('--bins');
const bins = binsAt >= 0 ? Number(argv[binsAt + 1]) : undefined;
if (bins !== undefined && !(Number.isInteger(bins) && bins >= 2))
  throw new Error(`--bins: an integer ≥ 2, got ${argv[binsAt + 1]}`);

const curves = runCurves({ ...(quick ? { reps: 30, detectionReps: 4 } : {}), bins });
if (curvesAt >= 0) writeFileSync(argv[curvesAt + 1] as string, `${JSON.stringify(curves, null, 1)}\n`);
const learned = runLearned(quick ? { references: 2 } : {});

const verdictFigures: Figure[] = [
  {
    name: 'drift.false_alarm_max',
    value: curves.falseAlarmMax.value,
    unit: 'rate',
    measure: curves.falseAlarmMax.measure,
    n: curves.falseAlarmMax.n,
    target: '<= 0.05 at every n in 30..100000',
  },
  {
    name: 'drift.detection_min',
    value: curves.detectionMin.value,
    unit: 'rate',
    measure: curves.detectionMin.measure,
    n: curves.detectionMin.n,
    target: '>= 0.9 at n >= 300',
  },
  {
    name: 'drift.learned.false_alarm',
    value: learned.quantile,
    unit: 'rate',
    nominal: learned.nominal,
    standard_error: learned.quantileStandardError,
    references: learned.references,
    baseline: 'mean+3sigma',
    baseline_value: learned.meanPlus3Sigma,
    trials: learned.trials,
  },
];

reportFigures([...verdictFigures, ...(await driftBench()), ...(await anomalyBench())]);
