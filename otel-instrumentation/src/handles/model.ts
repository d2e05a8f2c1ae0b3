import { LABEL, OTHER_CATEGORY, PREDICTION_OUTCOMES, type PredictionOutcome } from '../catalog/index.ts';
import { recordInHistogram, type HistogramCell, type MetricStore, type ScalarCell } from '../store/metricStore.ts';
import { errorTypeLabel } from '../privacy/errorTypeLabel.ts';
import { handleCall } from '../handleNames.ts';
import { quoted } from '../quoted.ts';
import { byKey } from './byKey.ts';
import { amountProblem, invalidCounters, type InvalidCounters } from './invalidValues.ts';

/**
 * A labelled prediction: booleans (or a boolean against a 0/1 label) give tp/fp/tn/fn; other
 * values are classes, counted correct or incorrect by `===`.
 */
export interface LabelledPrediction {
  predicted: unknown;
  actual: unknown;
}

export interface ModelHandle {
  readonly name: string;
  readonly version: string;
  /**
   * Times `fn`, counts the prediction, and on a throw counts an error by type and rethrows it unchanged.
   * A non-function `fn` rejects with a TypeError naming it and is not counted.
   */
  predict<T>(fn: () => Promise<T> | T): Promise<T>;
  recordLatency(seconds: number): void;
  recordScore(score: number): void;
  /**
   * Classification: a confusion-matrix cell. Regression models (`kind: 'regression'`): numeric
   * `{ predicted, actual }` records |predicted - actual| in the absolute-error histogram.
   */
  recordOutcome(outcome: LabelledPrediction | PredictionOutcome): void;
  addCost(usd: number): void;
}

/** This label stands for a non-Error throw. */
const NON_ERROR_THROW = 'non_error';
/** Distinct error types per model; later ones share one series (a 100k-name flood stays bounded). */
export const MAX_ERROR_TYPES = 100;
/** The error_type of errors past MAX_ERROR_TYPES, and of names that are not class names (errorTypeLabel.ts). */
export const OTHER_ERROR_TYPE = OTHER_CATEGORY;

export function createModel(
  store: MetricStore,
  name: string,
  version: string,
  latencyBuckets: readonly number[],
  scoreBuckets: readonly number[],
  /** Absolute-error buckets: a regression model. */
  errorBuckets?: readonly number[]
): ModelHandle {
  const mv = { [LABEL.model]: name, [LABEL.version]: version };
  const latency = store.histogram('modelPredictionDuration', mv, latencyBuckets);
  const score = store.histogram('modelScore', mv, scoreBuckets);
  const predictions = store.counter('modelPredictions', mv);
  const cost = store.counter('modelCost', mv);
  const outcomes = byKey(PREDICTION_OUTCOMES, (o) => store.counter('modelOutcomes', { ...mv, [LABEL.outcome]: o }));
  const errors = new Map<string, ScalarCell>();
  const absoluteError = errorBuckets ? store.histogram('modelAbsoluteError', mv, errorBuckets) : undefined;
  const invalid = {
    latency: invalidCounters(store, 'modelPredictionDuration'),
    score: invalidCounters(store, 'modelScore'),
    outcome: invalidCounters(store, 'modelOutcomes'),
    absoluteError: invalidCounters(store, 'modelAbsoluteError'),
    cost: invalidCounters(store, 'modelCost'),
  };

  const observe = (h: HistogramCell, bad: InvalidCounters, v: number, allowNegative: boolean) => {
    const problem = amountProblem(v);
    if (problem && !(problem === 'negative' && allowNegative)) {
      bad[problem].value++;
      return;
    }
    // A sum that would overflow to ±Infinity must not reach the exposition.
    if (!Number.isFinite(h.sum + v)) {
      bad.infinite.value++;
      return;
    }
    recordInHistogram(h, v);
  };

  const countError = (error: unknown) => {
    let type = errorTypeLabel(errorType(error));
    if (errors.size >= MAX_ERROR_TYPES && !errors.has(type)) type = OTHER_ERROR_TYPE;
    let cell = errors.get(type);
    if (!cell) {
      cell = store.counter('modelErrors', { ...mv, [LABEL.errorType]: type });
      errors.set(type, cell);
    }
    cell.value++;
  };

  return {
    name,
    version,
    async predict(fn) {
      // A programming error, not a failed prediction: rejects naming the argument and records nothing.
      if (typeof fn !== 'function') {
        throw new TypeError(`${handleCall('model', name)}.predict: fn: expected a function, got ${quoted(fn)}`);
      }
      const t0 = performance.now();
      try {
        return await fn();
      } catch (error) {
        countError(error);
        throw error;
      } finally {
        predictions.value++;
        observe(latency, invalid.latency, (performance.now() - t0) / 1000, false);
      }
    },
    recordLatency: (seconds) => observe(latency, invalid.latency, seconds, false),
    // Scores may be negative (logits, regression outputs); only non-numbers are rejected.
    recordScore: (s) => observe(score, invalid.score, s, true),
    recordOutcome(outcome) {
      if (absoluteError) {
        const e = regressionError(outcome);
        if (e === undefined) invalid.absoluteError.wrong_type.value++;
        else observe(absoluteError, invalid.absoluteError, e, false);
        return;
      }
      const cell = outcomeCell(outcome);
      if (cell) outcomes[cell].value++;
      else invalid.outcome.wrong_type.value++;
    },
    addCost(usd) {
      const problem = amountProblem(usd);
      if (problem) invalid.cost[problem].value++;
      else if (!Number.isFinite(cost.value + usd)) invalid.cost.infinite.value++;
      else cost.value += usd;
    },
  };
}

/**
 * The name of a thrown value's error type: the Error's name (TypeError, TimeoutError…), as set by
 * the code that threw it, so not yet fit for a label (errorTypeLabel decides that). Never throws.
 */
export function errorType(error: unknown): string {
  try {
    if (error instanceof Error) {
      const name = error.name || error.constructor.name;
      if (typeof name === 'string' && name !== '') return name;
    }
  } catch {
    // A hostile error object must not replace the caller's error.
  }
  return NON_ERROR_THROW;
}

/** |predicted - actual| of a numeric labelled prediction (undefined when not one). Never throws. */
export function regressionError(outcome: unknown): number | undefined {
  try {
    if (typeof outcome !== 'object' || outcome === null) return undefined;
    const { predicted, actual } = outcome as LabelledPrediction;
    if (typeof predicted !== 'number' || typeof actual !== 'number') return undefined;
    return Math.abs(predicted - actual);
  } catch {
    return undefined;
  }
}

/** The confusion-matrix cell of an outcome, or undefined if it is not one. Never throws. */
export function outcomeCell(outcome: unknown): PredictionOutcome | undefined {
  try {
    return cellOf(outcome);
  } catch {
    return undefined; // a Proxy or a throwing getter
  }
}

function cellOf(outcome: unknown): PredictionOutcome | undefined {
  if (typeof outcome === 'string') {
    return (PREDICTION_OUTCOMES as readonly string[]).includes(outcome) ? (outcome as PredictionOutcome) : undefined;
  }
  if (typeof outcome !== 'object' || outcome === null) return undefined;
  const { predicted, actual } = outcome as LabelledPrediction;
  if (predicted === undefined || actual === undefined || predicted === null || actual === null) return undefined;
  // Binary when either side is a boolean (the other may be 0/1, as labels often are); two
  // numbers are classes, since 0/1 might be two of ten.
  if (typeof predicted === 'boolean' || typeof actual === 'boolean') {
    const p = asBoolean(predicted);
    const a = asBoolean(actual);
    if (p === undefined || a === undefined) return undefined;
    if (p) return a ? 'tp' : 'fp';
    return a ? 'fn' : 'tn';
  }
  if (typeof predicted === 'number' && Number.isNaN(predicted)) return undefined;
  if (typeof actual === 'number' && Number.isNaN(actual)) return undefined;
  return predicted === actual ? 'correct' : 'incorrect';
}

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1) return true;
  if (v === 0) return false;
  return undefined;
}
