import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';

/**
 * Where each kind of Sieve entity shows up in Prometheus: the label naming it and the catalog
 * metrics that carry that label. Resources and the health check list label values over these.
 */
export interface Entity {
  label: string;
  /** Series selectors (`match[]`); any one of them existing makes the entity known. */
  metrics: readonly string[];
}

export const ENTITIES = {
  pipelines: {
    label: LABEL.pipeline,
    metrics: [
      METRICS.pipelineRuns.prometheus.name,
      METRICS.pipelineLastRun.prometheus.name,
      METRICS.pipelineLastSuccess.prometheus.name,
      METRICS.pipelineRows.prometheus.name,
    ],
  },
  features: {
    label: LABEL.feature,
    metrics: [
      METRICS.featureValue.prometheus.count,
      METRICS.featureCategory.prometheus.name,
      METRICS.featureBaseline.prometheus.name,
      METRICS.featureLastUpdate.prometheus.name,
    ],
  },
  models: {
    label: LABEL.model,
    metrics: [
      METRICS.modelPredictions.prometheus.name,
      METRICS.modelPredictionDuration.prometheus.count,
      METRICS.modelOutcomes.prometheus.name,
      METRICS.modelScore.prometheus.count,
    ],
  },
} as const satisfies Record<string, Entity>;

export type EntityKind = keyof typeof ENTITIES;
export const ENTITY_KINDS = Object.keys(ENTITIES) as EntityKind[];
