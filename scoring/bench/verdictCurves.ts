/**
 * False alarms and detection of the default drift verdicts (`driftVerdicts`) against the sample
 * size, on real data by bootstrap:
 *
 * - same distribution: both windows drawn with replacement from the same real column (flights
 *   delay, distance, time; weather precipitation, temp_max, temp_min, wind; weather label for
 *   chi2 on categories). Every alarm is a false alarm.
 * - material change: (a) the current window shifted by 0.5 standard deviations of the column;
 *   (b) real month-against-month changes in the weather data (same city, consecutive months) whose
 *   PSI between the two whole months is above 0.2.
 *
 * Bins: 10 reference-quantile bins (the default), from the reference window itself, as the
 * instrumentation does with its baseline.
 */
import {
  binCounts,
  categoryCounts,
  chunkScores,
  driftScore,
  driftVerdicts,
  MEASURE_NAMES,
  MEASURES,
  learnedQuantileThreshold,
  learnedThreshold,
  learnedVerdict,
  psi,
  referenceChunkScores,
  quantileEdges,
  topKCategories,
  type MeasureName,
} from '../src/drift/index.ts';
import { flightColumns, weatherColumns, weatherDays, WEATHER_COLUMNS, type NumericColumn } from './realData.ts';

export const SIZES = [30, 50, 100, 200, 300, 500, 1000, 3000, 10_000, 30_000, 100_000];
const NUMERIC_MEASURES = MEASURE_NAMES; // chi2 too: it works on any bins
/** detection_min (the target) is taken from this n up; the curve shows detection at every n. */
const DETECTION_FROM = 300;

export interface CurvePoint {
  measure: MeasureName;
  n: number;
  falseAlarm: number;
  falseAlarmTrials: number;
  detection?: number;
  detectionTrials?: number;
}

export interface Curves {
  points: CurvePoint[];
  falseAlarmMax: { value: number; measure: MeasureName; n: number };
  detectionMin: { value: number; measure: MeasureName; n: number };
  scenarios: string[];
}

function sampler(seed: number): (bound: number) => number {
  let a = seed >>> 0;
  return (bound) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

function draw(pick: (bound: number) => number, pool: ArrayLike<number>, n: number, shift = 0): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (pool[pick(pool.length)] as number) + shift;
  return out;
}

function sd(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += (values[i] as number) / values.length;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += ((values[i] as number) - mean) ** 2 / values.length;
  return Math.sqrt(v);
}

interface Scenario {
  name: string;
  reference: ArrayLike<number>;
  current: ArrayLike<number>;
  shift: number;
  /** The measures for which this is a material change (every measure for a 0.5 sd shift). */
  material: readonly MeasureName[];
}

/**
 * A month pair is a material change for PSI when its whole-month PSI is above 0.2. For the other
 * measures it is one when their own whole-month value is above their PSI-0.2 equivalent, two thirds
 * of the way from their 'moderate' to their 'significant' band edge (PSI: 0.1 → 0.25 gives 0.2).
 * KS and Wasserstein see mostly location changes, and several month pairs with PSI > 0.2 are
 * shape changes they do not call material at any sample size (see README).
 */
function psi02Equivalent(measure: MeasureName): number {
  const { moderate, significant } = MEASURES[measure].bands;
  return moderate + ((significant - moderate) * 2) / 3;
}

/** Consecutive-month pairs in one city whose whole-month PSI (reference deciles) is above 0.2. */
function monthPairs(): Scenario[] {
  const days = weatherDays();
  const out: Scenario[] = [];
  for (const location of ['Seattle', 'New York']) {
    for (const column of WEATHER_COLUMNS) {
      for (let month = 1; month <= 12; month++) {
        const next = (month % 12) + 1;
        const a = Float64Array.from(
          days.filter((d) => d.location === location && d.month === month),
          (d) => d.values[column]
        );
        const b = Float64Array.from(
          days.filter((d) => d.location === location && d.month === next),
          (d) => d.values[column]
        );
        const edges = quantileEdges(a);
        if (edges.length < 2) continue;
        const [ra, rb] = [binCounts(edges, a), binCounts(edges, b)];
        const value = psi(ra, rb);
        if (!(value > 0.2)) continue;
        const material = MEASURE_NAMES.filter(
          (m) => m === 'psi' || m === 'chi2' || driftScore(m, ra, rb, { edges }) >= psi02Equivalent(m)
        );
        out.push({
          name: `${location} ${column} month ${month}→${next} (PSI ${value.toFixed(2)}; material for ${material.join(', ')})`,
          reference: a,
          current: b,
          shift: 0,
          material,
        });
      }
    }
  }
  return out;
}

export function runCurves(
  options: { reps?: number; detectionReps?: number; sizes?: number[]; bins?: number } = {}
): Curves {
  const reps = options.reps ?? 100;
  const detectionReps = options.detectionReps ?? 10;
  const sizes = options.sizes ?? SIZES;
  const columns: NumericColumn[] = [...flightColumns(), ...weatherColumns(weatherDays())];
  const labels = weatherDays().map((d) => d.weather);
  const pick = sampler(20261201);

  const shifts: Scenario[] = columns.map((c) => ({
    name: `${c.name} + 0.5 sd`,
    reference: c.values,
    current: c.values,
    shift: 0.5 * sd(c.values),
    material: MEASURE_NAMES,
  }));
  const detectionScenarios = [...shifts, ...monthPairs()];

  const points: CurvePoint[] = [];
  for (const n of sizes) {
    const alarms = new Map<MeasureName, number>(NUMERIC_MEASURES.map((m) => [m, 0]));
    const trials = new Map<MeasureName, number>(NUMERIC_MEASURES.map((m) => [m, 0]));
    for (const column of columns) {
      for (let r = 0; r < reps; r++) {
        const ref = draw(pick, column.values, n);
        const cur = draw(pick, column.values, n);
        const edges = quantileEdges(ref, options.bins);
        const measures = edges.length >= 2 ? NUMERIC_MEASURES : NUMERIC_MEASURES.filter((m) => m !== 'wasserstein');
        const verdicts = driftVerdicts(measures, binCounts(edges, ref), binCounts(edges, cur), { edges });
        for (const v of verdicts) {
          trials.set(v.measure, (trials.get(v.measure) ?? 0) + 1);
          if (v.drift) alarms.set(v.measure, (alarms.get(v.measure) ?? 0) + 1);
        }
      }
    }
    // chi2 on a categorical column: the weather label (top-K categories of the reference + other).
    for (let r = 0; r < reps; r++) {
      const ref = Array.from({ length: n }, () => labels[pick(labels.length)] as string);
      const cur = Array.from({ length: n }, () => labels[pick(labels.length)] as string);
      const cats = topKCategories(ref);
      const [v] = driftVerdicts(['chi2'], categoryCounts(cats, ref), categoryCounts(cats, cur));
      trials.set('chi2', (trials.get('chi2') ?? 0) + 1);
      if (v?.drift) alarms.set('chi2', (alarms.get('chi2') ?? 0) + 1);
    }

    const detected = new Map<MeasureName, number>(NUMERIC_MEASURES.map((m) => [m, 0]));
    const detectionTrials = new Map<MeasureName, number>(NUMERIC_MEASURES.map((m) => [m, 0]));
    {
      for (const s of detectionScenarios) {
        for (let r = 0; r < detectionReps; r++) {
          const ref = draw(pick, s.reference, n);
          const cur = draw(pick, s.current, n, s.shift);
          const edges = quantileEdges(ref, options.bins);
          const measures = edges.length >= 2 ? NUMERIC_MEASURES : NUMERIC_MEASURES.filter((m) => m !== 'wasserstein');
          for (const v of driftVerdicts(measures, binCounts(edges, ref), binCounts(edges, cur), { edges })) {
            if (!s.material.includes(v.measure)) continue;
            detectionTrials.set(v.measure, (detectionTrials.get(v.measure) ?? 0) + 1);
            if (v.drift) detected.set(v.measure, (detected.get(v.measure) ?? 0) + 1);
          }
        }
      }
    }
    for (const measure of NUMERIC_MEASURES) {
      const t = trials.get(measure) ?? 0;
      const dt = detectionTrials.get(measure) ?? 0;
      points.push({
        measure,
        n,
        falseAlarm: (alarms.get(measure) ?? 0) / t,
        falseAlarmTrials: t,
        ...(dt > 0 ? { detection: (detected.get(measure) ?? 0) / dt, detectionTrials: dt } : {}),
      });
    }
  }
  const worstFa = points.reduce((a, b) => (b.falseAlarm > a.falseAlarm ? b : a));
  const detecting = points.filter((p) => p.detection !== undefined && p.n >= DETECTION_FROM);
  const worstDet = detecting.reduce((a, b) => ((b.detection as number) < (a.detection as number) ? b : a));
  return {
    points,
    falseAlarmMax: { value: worstFa.falseAlarm, measure: worstFa.measure, n: worstFa.n },
    detectionMin: { value: worstDet.detection as number, measure: worstDet.measure, n: worstDet.n },
    scenarios: detectionScenarios.map((s) => s.name),
  };
}

export interface LearnedFigures {
  /** Measured false-alarm rate of learnedQuantileThreshold at its nominal rate. */
  quantile: number;
  nominal: number;
  /** Standard error of `quantile` over references (windows judged against one reference are not independent). */
  quantileStandardError: number;
  /** The same with NannyML's mean + 3σ over 10 chunks of a tenth of the reference each. */
  meanPlus3Sigma: number;
  trials: number;
  references: number;
}

/**
 * The learned threshold on real columns: a reference of 40 windows' worth of values, chunk scores
 * against the rest of the reference, then fresh same-distribution windows judged against the whole
 * reference. Every alarm is a false alarm.
 */
export function runLearned(
  options: { references?: number; windows?: number; windowSize?: number } = {}
): LearnedFigures {
  const references = options.references ?? 20;
  const windows = options.windows ?? 50;
  const m = options.windowSize ?? 500;
  const pick = sampler(7);
  const columns = [...flightColumns(), ...weatherColumns(weatherDays())];
  let quantileAlarms = 0;
  let sigmaAlarms = 0;
  let trials = 0;
  const perReference: number[] = [];
  for (const column of columns) {
    for (let r = 0; r < references; r++) {
      let alarmsHere = 0;
      const reference = draw(pick, column.values, 40 * m);
      const edges = quantileEdges(reference);
      const count = (v: ArrayLike<number>) => binCounts(edges, v);
      const learned = learnedQuantileThreshold('psi', referenceChunkScores('psi', reference, m, count));
      const whole = count(reference);
      const tenth = reference.length / 10;
      const sigma = learnedThreshold(
        'psi',
        chunkScores(
          'psi',
          Array.from({ length: 10 }, (_, c) => count(reference.subarray(c * tenth, (c + 1) * tenth)))
        )
      );
      for (let w = 0; w < windows; w++) {
        const value = psi(whole, count(draw(pick, column.values, m)));
        if (learnedVerdict(value, learned) !== 'stable') {
          quantileAlarms++;
          alarmsHere++;
        }
        if (learnedVerdict(value, sigma) !== 'stable') sigmaAlarms++;
        trials++;
      }
      perReference.push(alarmsHere / windows);
    }
  }
  const rate = quantileAlarms / trials;
  const variance = perReference.reduce((a, f) => a + (f - rate) ** 2, 0) / (perReference.length - 1);
  return {
    quantile: rate,
    quantileStandardError: Math.sqrt(variance / perReference.length),
    nominal: 0.05,
    meanPlus3Sigma: sigmaAlarms / trials,
    trials,
    references: perReference.length,
  };
}
