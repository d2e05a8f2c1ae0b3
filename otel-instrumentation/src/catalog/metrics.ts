import { defineMetric } from './metricDefinition.ts';
import { LABEL as L } from './labels.ts';

/**
 * Every metric Sieve emits. Rules, dashboards, the datasource and docs take names from here:
 * `METRICS.pipelineRuns.prometheus.name`, never a spelled-out string.
 *
 * Each OTel name already ends with the unit suffix that OTLP-to-Prometheus translation would add
 * (`_seconds`, `_ratio`), so the Prometheus exporter (which adds none), the Collector's Prometheus
 * exporters and Prometheus' OTLP ingestion all store the same series name (test/exportPathNames.test.ts).
 * Units: `s` and `1` (a true ratio, gauges only) carry suffixes; `{...}` annotations and no unit
 * (a feature's values are in the user's unit; PSI, scores and hashes are not ratios) carry none.
 */
export const METRICS = {
  // --- pipelines -------------------------------------------------------------------------------
  pipelineRuns: defineMetric({
    name: 'sieve.pipeline.runs',
    type: 'counter',
    unit: '{run}',
    description: 'Pipeline runs that finished, by outcome (success, failure, partial).',
    labels: [L.pipeline, L.outcome],
  }),
  pipelineRunDuration: defineMetric({
    name: 'sieve.pipeline.run.duration_seconds',
    type: 'histogram',
    unit: 's',
    description: 'Wall-clock duration of pipeline runs, by outcome.',
    labels: [L.pipeline, L.outcome],
  }),
  pipelineLastSuccess: defineMetric({
    name: 'sieve.pipeline.last_success_timestamp_seconds',
    type: 'gauge',
    unit: 's',
    description: 'Unix time of the last successful run; freshness is time() minus this.',
    labels: [L.pipeline],
  }),
  pipelineLastRun: defineMetric({
    name: 'sieve.pipeline.last_run_timestamp_seconds',
    type: 'gauge',
    unit: 's',
    description:
      'Unix time at which the last run finished, whatever its outcome; detects pipelines that stopped running.',
    labels: [L.pipeline],
  }),
  pipelineWatermark: defineMetric({
    name: 'sieve.pipeline.watermark_timestamp_seconds',
    type: 'gauge',
    unit: 's',
    description:
      'Event time up to which the pipeline has processed data (its watermark); data age is time() minus this, apart from when the job ran.',
    labels: [L.pipeline],
  }),
  pipelineRows: defineMetric({
    name: 'sieve.pipeline.rows',
    type: 'counter',
    unit: '{row}',
    description: 'Rows processed by pipelines, by kind (read, written, dropped).',
    labels: [L.pipeline, L.rowKind],
  }),

  // --- features --------------------------------------------------------------------------------
  featureLastUpdate: defineMetric({
    name: 'sieve.feature.last_update_timestamp_seconds',
    type: 'gauge',
    unit: 's',
    description: 'Unix time at which the feature last received a value; feature age is time() minus this.',
    labels: [L.feature],
  }),
  featureValue: defineMetric({
    name: 'sieve.feature.value',
    type: 'histogram',
    unit: '',
    description:
      "Distribution of a numeric feature in the feature's own unit, binned with the bucket edges of its baseline bin spec.",
    labels: [L.feature],
  }),
  featureCategory: defineMetric({
    name: 'sieve.feature.category',
    type: 'counter',
    unit: '{value}',
    description:
      'Values of a categorical feature per baseline category; categories outside the baseline top-K count as __other__.',
    labels: [L.feature, L.category],
  }),
  featureCategoriesMasked: defineMetric({
    name: 'sieve.feature.categories_masked',
    type: 'counter',
    unit: '{value}',
    description:
      'Values of a categorical feature exported under a replaced category (PII masked, hashed, or outside the allowlist), by detected pii_kind (none when not PII).',
    labels: [L.feature, L.piiKind],
  }),
  featureBaseline: defineMetric({
    name: 'sieve.feature.baseline_ratio',
    type: 'gauge',
    unit: '1',
    description:
      'Baseline distribution of a feature: cumulative share per upper_bound, equal to the le of its buckets (numeric), or share per category (categorical).',
    labels: [L.feature, L.upperBound, L.category],
  }),
  featureBaselineSamples: defineMetric({
    name: 'sieve.feature.baseline_samples',
    type: 'gauge',
    unit: '{sample}',
    description:
      'Number of values in the baseline of a feature (its reference sample size, n_ref): noise floors and p-values of drift need it.',
    labels: [L.feature],
  }),
  featureMissing: defineMetric({
    name: 'sieve.feature.missing',
    type: 'counter',
    unit: '{value}',
    description: 'Feature values that were null or undefined.',
    labels: [L.feature],
  }),
  featureInvalid: defineMetric({
    name: 'sieve.feature.invalid',
    type: 'counter',
    unit: '{value}',
    description:
      'Feature values that could not be binned, by reason (nan, infinite, wrong_type); never includes the value itself.',
    labels: [L.feature, L.reason],
  }),
  featurePsi: defineMetric({
    name: 'sieve.feature.psi',
    type: 'gauge',
    unit: '',
    description:
      'Population stability index of the feature over the rolling window against its baseline, computed in process.',
    labels: [L.feature],
  }),

  // --- data quality ----------------------------------------------------------------------------
  datasetRecords: defineMetric({
    name: 'sieve.dataset.records',
    type: 'counter',
    unit: '{record}',
    description: 'Records checked for quality.',
    labels: [L.dataset],
  }),
  datasetMissing: defineMetric({
    name: 'sieve.dataset.missing',
    type: 'counter',
    unit: '{value}',
    description: 'Missing values per field of checked records; completeness is 1 minus missing over records.',
    labels: [L.dataset, L.field],
  }),
  datasetTypeViolations: defineMetric({
    name: 'sieve.dataset.type_violations',
    type: 'counter',
    unit: '{value}',
    description: 'Values whose type differs from the declared or first-seen schema, per field.',
    labels: [L.dataset, L.field],
  }),
  datasetFieldsMasked: defineMetric({
    name: 'sieve.dataset.fields_masked',
    type: 'counter',
    unit: '{value}',
    description:
      'Values checked under a field whose name looked like PII and was exported as __pii_<kind>__ in the field label, by pii_kind.',
    labels: [L.dataset, L.piiKind],
  }),
  datasetWatermark: defineMetric({
    name: 'sieve.dataset.watermark_timestamp_seconds',
    type: 'gauge',
    unit: 's',
    description: 'Event time of the newest data in the dataset (its watermark); data age is time() minus this.',
    labels: [L.dataset],
  }),
  datasetSchemaFingerprint: defineMetric({
    name: 'sieve.dataset.schema.fingerprint',
    type: 'gauge',
    unit: '',
    description: 'A 32-bit hash of the dataset schema (field names and types); it changes when the schema does.',
    labels: [L.dataset],
  }),
  datasetSchemaChanges: defineMetric({
    name: 'sieve.dataset.schema.changes',
    type: 'counter',
    unit: '{change}',
    description: 'Schema changes seen: fields added, removed or retyped.',
    labels: [L.dataset],
  }),

  // --- models ----------------------------------------------------------------------------------
  modelPredictionDuration: defineMetric({
    name: 'sieve.model.prediction.duration_seconds',
    type: 'histogram',
    unit: 's',
    description: 'Prediction latency, including failed predictions.',
    labels: [L.model, L.version],
  }),
  modelPredictions: defineMetric({
    name: 'sieve.model.predictions',
    type: 'counter',
    unit: '{prediction}',
    description: 'Prediction requests, successful or not; availability is 1 minus errors over predictions.',
    labels: [L.model, L.version],
  }),
  modelErrors: defineMetric({
    name: 'sieve.model.errors',
    type: 'counter',
    unit: '{error}',
    description: 'Prediction requests that failed, by error type.',
    labels: [L.model, L.version, L.errorType],
  }),
  modelOutcomes: defineMetric({
    name: 'sieve.model.outcomes',
    type: 'counter',
    unit: '{outcome}',
    description: 'Labelled prediction outcomes: tp, fp, tn, fn for binary models; correct, incorrect for multiclass.',
    labels: [L.model, L.version, L.outcome],
  }),
  modelAbsoluteError: defineMetric({
    name: 'sieve.model.absolute_error',
    type: 'histogram',
    unit: '',
    description:
      "Absolute error of labelled regression predictions (predicted minus actual, unsigned) in the target's own unit; MAE is its sum over its count.",
    labels: [L.model, L.version],
  }),
  modelScore: defineMetric({
    name: 'sieve.model.score',
    type: 'histogram',
    unit: '',
    description: 'Distribution of model scores (probabilities in [0, 1] with the default buckets; logits allowed).',
    labels: [L.model, L.version],
  }),
  modelCost: defineMetric({
    name: 'sieve.model.cost_usd',
    type: 'counter',
    unit: '{USD}',
    description:
      'Cost of serving predictions in US dollars; cost per prediction is its rate over the predictions rate.',
    labels: [L.model, L.version],
  }),

  // --- the instrumentation itself --------------------------------------------------------------
  instrumentationOverflow: defineMetric({
    name: 'sieve.instrumentation.overflow',
    type: 'counter',
    unit: '{attempt}',
    description:
      'Attempts to create a series past the cardinality limit, by metric and by the handle (dataset, feature, model version, pipeline) that made them; their values went to the otel_metric_overflow series of that handle.',
    labels: [L.metric, L.pipeline, L.dataset, L.feature, L.model, L.version],
  }),
  instrumentationCardinalityLimit: defineMetric({
    name: 'sieve.instrumentation.cardinality_limit',
    type: 'gauge',
    unit: '{series}',
    description:
      'The most series one handle (a dataset, a feature, a model version, a pipeline) may create in each metric: the cardinalityLimit option.',
    labels: [],
  }),
  instrumentationInvalid: defineMetric({
    name: 'sieve.instrumentation.invalid',
    type: 'counter',
    unit: '{value}',
    description:
      'Values the instrumentation rejected instead of recording (negative durations or counts, NaN, wrong types), by metric and reason.',
    labels: [L.metric, L.reason],
  }),
} as const;

export type MetricKey = keyof typeof METRICS;
