export * from './catalog/index.ts';
export {
  startSieve,
  DEFAULT_PROMETHEUS_HOST,
  DEFAULT_PROMETHEUS_PORT,
  DEFAULT_PSI_WINDOW_MS,
  DEFAULT_OTLP_INTERVAL_MS,
  type Sieve,
} from './startSieve.ts';
export { createMetricProducer, SieveMetricProducer } from './export/producer.ts';
export type { BinSpec, FeatureHandle } from './feature/featureState.ts';
export type { PsiVerdict } from '@sieve/scoring';
export type { PipelineHandle, PipelineRun } from './handles/pipeline.ts';
export type { ModelHandle, LabelledPrediction } from './handles/model.ts';
export type { DatasetHandle } from './dataset/dataset.ts';
export {
  DEFAULT_ERROR_BUCKETS,
  DEFAULT_LATENCY_BUCKETS,
  DEFAULT_RUN_DURATION_BUCKETS,
  DEFAULT_SCORE_BUCKETS,
  FIELD_TYPES,
  type CategoricalFeatureOptions,
  type DatasetOptions,
  type FeatureOptions,
  type FieldType,
  type ModelOptions,
  type NumericFeatureOptions,
  type PipelineOptions,
  type SieveOptions,
} from './options.ts';
export { DEFAULT_CARDINALITY_LIMIT } from './store/metricStore.ts';
export {
  BASELINE_FORMAT,
  BASELINE_VERSION,
  type BaselineProfile,
  type CategoricalBaselineProfile,
  type NumericBaselineProfile,
} from './baseline/baselineProfile.ts';
export { baselineProfile, loadBaseline, saveBaseline } from './baseline/baselineFile.ts';
