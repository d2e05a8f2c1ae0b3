/**
 * Label (attribute) keys and their closed value sets. Keys are snake_case and identical in OTel and
 * Prometheus. Values in the closed sets are the only ones the instrumentation emits for that key.
 */
export const LABEL = {
  pipeline: 'pipeline',
  dataset: 'dataset',
  field: 'field',
  feature: 'feature',
  model: 'model',
  version: 'version',
  outcome: 'outcome',
  rowKind: 'kind',
  reason: 'reason',
  errorType: 'error_type',
  category: 'category',
  /** Histogram bucket upper bound; only `_bucket` series carry it (Prometheus rejects `le` elsewhere). */
  le: 'le',
  /**
   * The upper bound of a numeric baseline bin on METRICS.featureBaseline: the same strings as the
   * `le` of that feature's buckets. A gauge may not carry `le` (promtool: "non-histogram metrics
   * should not have le label"), hence its own name.
   */
  upperBound: 'upper_bound',
  metric: 'metric',
  /** Why a category was replaced: a PII kind (email, card, ...) or `none` (hash/allowlist mode). */
  piiKind: 'pii_kind',
} as const;

export type LabelKey = (typeof LABEL)[keyof typeof LABEL];

export const RUN_OUTCOMES = ['success', 'failure', 'partial'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const ROW_KINDS = ['read', 'written', 'dropped'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/**
 * Why a value was not recorded: missing (null/undefined) is counted apart from invalid values.
 * `out_of_range` is an event time that is no real date yet (a watermark beyond now + tolerance).
 */
export const INVALID_REASONS = ['nan', 'infinite', 'wrong_type', 'negative', 'out_of_range'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

/** Binary confusion-matrix cells, plus correct/incorrect for multiclass models. */
export const PREDICTION_OUTCOMES = ['tp', 'fp', 'tn', 'fn', 'correct', 'incorrect'] as const;
export type PredictionOutcome = (typeof PREDICTION_OUTCOMES)[number];

/** The bin that collects categorical values outside the baseline's top-K. */
export const OTHER_CATEGORY = '__other__';

/** Longest label value emitted; longer values are truncated (keeps payloads and PII exposure bounded). */
export const MAX_LABEL_VALUE_LENGTH = 128;

/**
 * The attribute on the one series per metric that collects everything past the cardinality limit
 * (set by the OTel SDK and by Sieve's own store); Prometheus sees it as `otel_metric_overflow="true"`
 * (`prometheusLabel(OVERFLOW_ATTRIBUTE)`).
 */
export const OVERFLOW_ATTRIBUTE = 'otel.metric.overflow';
