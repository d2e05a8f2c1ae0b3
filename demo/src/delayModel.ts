import { depHour, isDelayed, type Flight } from './flights.ts';
import { predictProbability, thresholdForFpr, train, type LogisticModel } from './logisticRegression.ts';

/**
 * The demo's model: will this flight arrive more than 15 minutes late? Inputs known before
 * departure: distance, the block of the day it departs in, and its origin's and destination's
 * delay rates in the training weeks.
 */
export interface DelayModel {
  readonly logistic: LogisticModel;
  readonly threshold: number;
  readonly originRate: ReadonlyMap<string, number>;
  readonly destinationRate: ReadonlyMap<string, number>;
  readonly overallRate: number;
}

/** What an input looks like on the wire: the raw fields a caller sends to /predict. */
export interface PredictionInput {
  distance: number;
  depHour: number;
  origin: string;
  destination: string;
}

/** Decision threshold tuned for this false-positive rate on the training weeks. */
export const TARGET_FPR = 0.02;
/** Pseudo-flights at the overall rate added to each airport, so rare airports stay near it. */
const SMOOTHING = 20;
/** Delays build up through the day: one indicator per 3-hour block of departure time. */
const HOUR_BLOCKS = [6, 9, 12, 15, 18, 21];

export const inputOf = (f: Flight): PredictionInput => ({
  distance: f.distance,
  depHour: depHour(f),
  origin: f.origin,
  destination: f.destination,
});

type Rates = Pick<DelayModel, 'originRate' | 'destinationRate' | 'overallRate'>;

function vector(m: Rates, x: PredictionInput): number[] {
  return [
    Math.log1p(Math.max(0, x.distance)),
    ...HOUR_BLOCKS.map((h) => (x.depHour >= h && x.depHour < h + 3 ? 1 : 0)),
    m.originRate.get(x.origin) ?? m.overallRate,
    m.destinationRate.get(x.destination) ?? m.overallRate,
  ];
}

function rates(training: readonly Flight[], key: (f: Flight) => string, overall: number): Map<string, number> {
  const tally = new Map<string, { late: number; n: number }>();
  for (const f of training) {
    const t = tally.get(key(f)) ?? { late: 0, n: 0 };
    t.n++;
    if (isDelayed(f)) t.late++;
    tally.set(key(f), t);
  }
  return new Map([...tally].map(([k, t]) => [k, (t.late + SMOOTHING * overall) / (t.n + SMOOTHING)] as const));
}

export function trainDelayModel(training: readonly Flight[]): DelayModel {
  const labels = training.map(isDelayed);
  const overallRate = labels.filter(Boolean).length / labels.length;
  const base: Rates = {
    originRate: rates(training, (f) => f.origin, overallRate),
    destinationRate: rates(training, (f) => f.destination, overallRate),
    overallRate,
  };
  const xs = training.map((f) => vector(base, inputOf(f)));
  const logistic = train(xs, labels);
  const scores = xs.map((x) => predictProbability(logistic, x));
  return { ...base, logistic, threshold: thresholdForFpr(scores, labels, TARGET_FPR) };
}

export function delayProbability(m: DelayModel, x: PredictionInput): number {
  return predictProbability(m.logistic, vector(m, x));
}
