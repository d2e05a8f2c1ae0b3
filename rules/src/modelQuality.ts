import { LABEL, METRICS, PREDICTION_OUTCOMES, type PredictionOutcome } from '@sieve/otel-instrumentation/catalog';
import type { Baseline } from './spec.ts';
import { anyOf, by, matchers, num, positive } from './promql.ts';

/** Accuracy and false-positive rate from the labelled outcomes counter (tp/fp/tn/fn, correct/incorrect). */

const outcomes = METRICS.modelOutcomes.prometheus.name;
// Typed against the catalog's outcome values: a renamed outcome fails to compile here.
const CORRECT: readonly PredictionOutcome[] = ['tp', 'tn', 'correct'];
const FALSE_POSITIVE: readonly PredictionOutcome[] = ['fp'];
const ACTUAL_NEGATIVE: readonly PredictionOutcome[] = ['fp', 'tn'];

/** `labels`: what the result is grouped by (the model, plus any extra selector labels such as env). */
type Labels = readonly string[];
const MODEL: Labels = [LABEL.model];

function outcomeIncrease(
  sel: Record<string, string>,
  which: readonly PredictionOutcome[],
  range: string,
  labels: Labels
): string {
  return `sum ${by(labels)} (increase(${outcomes}${matchers(sel, { [LABEL.outcome]: anyOf(which) })}${range}))`;
}

/** Share of labelled predictions that were correct over `range` (e.g. `[1h]` or `[7d] offset 1d`). */
export function accuracy(sel: Record<string, string>, range: string, labels: Labels = MODEL): string {
  return `${outcomeIncrease(sel, CORRECT, range, labels)} / ${positive(outcomeIncrease(sel, PREDICTION_OUTCOMES, range, labels))}`;
}

/** Predictions whose true label was negative (fp + tn) over `range`. */
export function actualNegatives(sel: Record<string, string>, range: string, labels: Labels = MODEL): string {
  return outcomeIncrease(sel, ACTUAL_NEGATIVE, range, labels);
}

/** fp / (fp + tn) over `range`; 0 (not absent) while there were negatives but no false positives. */
export function falsePositiveRate(sel: Record<string, string>, range: string, labels: Labels = MODEL): string {
  const negatives = actualNegatives(sel, range, labels);
  return `(${outcomeIncrease(sel, FALSE_POSITIVE, range, labels)} or ${negatives} * 0) / ${positive(negatives)}`;
}

function outcomeRate(
  sel: Record<string, string>,
  which: readonly PredictionOutcome[],
  range: string,
  labels: Labels
): string {
  return `sum ${by(labels)} (rate(${outcomes}${matchers(sel, { [LABEL.outcome]: anyOf(which) })}${range}))`;
}

/** Actual negatives per second over `range`. */
export function negativesRate(sel: Record<string, string>, range: string, labels: Labels = MODEL): string {
  return outcomeRate(sel, ACTUAL_NEGATIVE, range, labels);
}

/** False positives per second over `range`; 0 (not absent) while there were negatives but none false. */
export function falsePositives(sel: Record<string, string>, range: string, labels: Labels = MODEL): string {
  return `${outcomeRate(sel, FALSE_POSITIVE, range, labels)} or ${negativesRate(sel, range, labels)} * 0`;
}

/** The lowest acceptable accuracy: the baseline minus the allowed relative drop. */
export function accuracyFloor(
  sel: Record<string, string>,
  base: Baseline,
  maxDrop: number,
  window: (d: string) => string,
  labels: Labels = MODEL
): string {
  if ('value' in base) return num(base.value * (1 - maxDrop));
  return `${num(1 - maxDrop)} * (${accuracy(sel, `[${window(base.window)}] offset ${window(base.offset)}`, labels)})`;
}
