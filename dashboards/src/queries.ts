import {
  LABEL,
  METRICS,
  PREDICTION_OUTCOMES,
  RUN_OUTCOMES,
  type PredictionOutcome,
} from '@sieve/otel-instrumentation/catalog';
import { anyOf, orZero, quantile, RANGE, sel, sumRate } from './promql.ts';

/**
 * The PromQL the dashboards share, on the dashboard variables. Every metric name comes from the
 * catalog; every selector filters on variables named after their labels.
 */

const M = METRICS;
const { pipeline, model, feature, dataset, field, outcome, rowKind, errorType, category, piiKind } = LABEL;

const P = { [pipeline]: pipeline };
const MODEL = { [model]: model };
const F = { [feature]: feature };
const D = { [dataset]: dataset };

const BAD_RUNS = RUN_OUTCOMES.filter((o) => o !== 'success');
const CORRECT: readonly PredictionOutcome[] = ['tp', 'tn', 'correct'];

const runs = M.pipelineRuns.prometheus.name;
const outcomes = M.modelOutcomes.prometheus.name;

export const pipelineQueries = {
  runsByOutcome: sumRate(`${runs}${sel(P)}`, [pipeline, outcome]),
  successRate: `${orZero(
    sumRate(`${runs}${sel(P, { [outcome]: 'success' })}`, [pipeline]),
    sumRate(`${runs}${sel(P)}`, [pipeline])
  )} / ${sumRate(`${runs}${sel(P)}`, [pipeline])}`,
  /** Runs that did not succeed, per pipeline, over the dashboard range (0 when all succeeded). */
  failedRunsInRange: orZero(
    `sum by (${pipeline}) (increase(${runs}${sel(P, {}, { [outcome]: anyOf(BAD_RUNS) })}[${RANGE}]))`,
    `sum by (${pipeline}) (increase(${runs}${sel(P)}[${RANGE}]))`
  ),
  failingRuns: sumRate(`${runs}${sel(P, {}, { [outcome]: anyOf(BAD_RUNS) })}`, [pipeline, outcome]),
  secondsSinceLastRun: `time() - max by (${pipeline}) (${M.pipelineLastRun.prometheus.name}${sel(P)})`,
  secondsSinceLastSuccess: `time() - max by (${pipeline}) (${M.pipelineLastSuccess.prometheus.name}${sel(P)})`,
  /** Event-time age of the data each pipeline processed last (its watermark), apart from when it ran. */
  watermarkAge: `time() - max by (${pipeline}) (${M.pipelineWatermark.prometheus.name}${sel(P)})`,
  lastSuccessMs: `max by (${pipeline}) (${M.pipelineLastSuccess.prometheus.name}${sel(P)}) * 1000`,
  /** Pipelines whose last run is newer than their last success (or that never succeeded): failing now. */
  failingNow: (() => {
    const lastRun = `max by (${pipeline}) (${M.pipelineLastRun.prometheus.name}${sel(P)})`;
    const lastSuccess = `max by (${pipeline}) (${M.pipelineLastSuccess.prometheus.name}${sel(P)})`;
    return `(${lastRun} > ${lastSuccess} or ${lastRun} unless on (${pipeline}) ${lastSuccess}) * 1000`;
  })(),
  durationQuantile: (q: number) => quantile(q, `${M.pipelineRunDuration.prometheus.bucket}${sel(P)}`, [pipeline]),
  rowsByKind: sumRate(`${M.pipelineRows.prometheus.name}${sel(P)}`, [pipeline, rowKind]),
  rowsDropped: sumRate(`${M.pipelineRows.prometheus.name}${sel(P, { [rowKind]: 'dropped' })}`, [pipeline]),
};

const missing = sumRate(`${M.featureMissing.prometheus.name}${sel(F)}`, [feature]);
const categories = `${M.featureCategory.prometheus.name}${sel(F)}`;
/** Values binned per second: a numeric feature's histogram count, or a categorical feature's category counts. */
const seen = `(${sumRate(`${M.featureValue.prometheus.count}${sel(F)}`, [feature])} or ${sumRate(categories, [feature])})`;
const shareOf = (perCategory: string, total: string) => `${perCategory} / ignoring (${category}) group_left ${total}`;

export const featureQueries = {
  secondsSinceUpdate: `time() - max by (${feature}) (${M.featureLastUpdate.prometheus.name}${sel(F)})`,
  psi: `max by (${feature}) (${M.featurePsi.prometheus.name}${sel(F)})`,
  /** Values in the exported baseline (n_ref): what the drift measures' noise depends on. */
  baselineSamples: `max by (${feature}) (${M.featureBaselineSamples.prometheus.name}${sel(F)})`,
  buckets: sumRate(`${M.featureValue.prometheus.bucket}${sel(F)}`, ['le']),
  quantile: (q: number) => quantile(q, `${M.featureValue.prometheus.bucket}${sel(F)}`, [feature]),
  /** Missing over missing plus binned values: 0 while nothing is missing. */
  missingShare: `${orZero(missing, seen)} / (${seen} + ${orZero(missing, seen)})`,
  /**
   * All the feature's values per second, numeric and categorical, as one series (the anomaly band's input).
   * Summed per feature first: `sum(a) or sum(b)` would keep only the numeric side when `$feature` matches both kinds.
   */
  volume: `sum ${seen}`,
  /** Categorical: each category's share of the values over time (the categories add up to 1). */
  categoryShares: shareOf(sumRate(categories, [category]), sumRate(categories, [])),
  /** Categorical: each category's share over the whole dashboard range. */
  categorySharesInRange: shareOf(
    `sum by (${category}) (increase(${categories}[${RANGE}]))`,
    `sum (increase(${categories}[${RANGE}]))`
  ),
  /** Categorical: the share of each category in the baseline the instrumentation exports. */
  baselineCategoryShares: `max by (${category}) (${M.featureBaseline.prometheus.name}{${feature}=~"$${feature}",${category}!=""})`,
  /** Categorical: values exported under a replaced category per second, by why (a PII kind, or none). */
  maskedCategories: sumRate(`${M.featureCategoriesMasked.prometheus.name}${sel(F)}`, [piiKind]),
};

const records = sumRate(`${M.datasetRecords.prometheus.name}${sel(D)}`, [dataset]);

export const dataQualityQueries = {
  records,
  /** Share of checked records that have each field, per dataset and field (fields never missed have no series). */
  completeness: `1 - (${sumRate(`${M.datasetMissing.prometheus.name}${sel(D)}`, [dataset, field])} / on (${dataset}) group_left ${records})`,
  typeViolations: sumRate(`${M.datasetTypeViolations.prometheus.name}${sel(D)}`, [dataset, field]),
  schemaChanges: orZero(
    `sum by (${dataset}) (increase(${M.datasetSchemaChanges.prometheus.name}${sel(D)}[${RANGE}]))`,
    `sum by (${dataset}) (increase(${M.datasetRecords.prometheus.name}${sel(D)}[${RANGE}]))`
  ),
  schemaChangesOverTime: orZero(sumRate(`${M.datasetSchemaChanges.prometheus.name}${sel(D)}`, [dataset]), records),
  /** Values checked under a field whose name looked like PII (exported as __pii_<kind>__), per dataset and kind. */
  fieldsMasked: sumRate(`${M.datasetFieldsMasked.prometheus.name}${sel(D)}`, [dataset, piiKind]),
  /** Event-time age of the newest data in each dataset (its watermark). */
  watermarkAge: `time() - max by (${dataset}) (${M.datasetWatermark.prometheus.name}${sel(D)})`,
  fingerprintChanges: `max by (${dataset}) (changes(${M.datasetSchemaFingerprint.prometheus.name}${sel(D)}[${RANGE}]))`,
};

/** The instrumentation's own health: what it could not record as asked. */
export const instrumentationQueries = {
  /**
   * Attempts to create a series past the cardinality limit, per metric and the handle that made them
   * (each of the catalog's labels: only the owning handle's are set, a model's with its version).
   */
  overflow: sumRate(M.instrumentationOverflow.prometheus.name, M.instrumentationOverflow.labels),
  /** Values rejected instead of recorded (NaN, negative durations, wrong types), per metric and reason. */
  invalid: sumRate(M.instrumentationInvalid.prometheus.name, [LABEL.metric, LABEL.reason]),
};

const predictions = sumRate(`${M.modelPredictions.prometheus.name}${sel(MODEL)}`, [model]);
const outcomeRate = (which: readonly PredictionOutcome[]) =>
  sumRate(`${outcomes}${sel(MODEL, {}, { [outcome]: anyOf(which) })}`, [model]);
const labelled = outcomeRate(PREDICTION_OUTCOMES);
const negatives = outcomeRate(['fp', 'tn']);

export const modelQueries = {
  predictions,
  errorsByType: sumRate(`${M.modelErrors.prometheus.name}${sel(MODEL)}`, [model, errorType]),
  errorRatio: `${orZero(sumRate(`${M.modelErrors.prometheus.name}${sel(MODEL)}`, [model]), predictions)} / ${predictions}`,
  latencyQuantile: (q: number) => quantile(q, `${M.modelPredictionDuration.prometheus.bucket}${sel(MODEL)}`, [model]),
  accuracy: `${orZero(outcomeRate(CORRECT), labelled)} / ${labelled}`,
  falsePositiveRate: `${orZero(outcomeRate(['fp']), negatives)} / ${negatives}`,
  costPerPrediction: `${sumRate(`${M.modelCost.prometheus.name}${sel(MODEL)}`, [model])} / ${predictions}`,
  scoreBuckets: sumRate(`${M.modelScore.prometheus.bucket}${sel(MODEL)}`, ['le']),
};
