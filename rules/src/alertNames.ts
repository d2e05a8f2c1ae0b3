import type { SliKind } from './spec.ts';

/**
 * Every alert the generator can emit. Each has a runbook at `rules/runbooks/<name>.md`; Alertmanager
 * inhibitions refer to these names.
 */
export const DIRECT_ALERTS = {
  pipelineNotRunning: 'SievePipelineNotRunning',
  pipelineFailing: 'SievePipelineFailing',
  featureStale: 'SieveFeatureStale',
  featureDrift: 'SieveFeatureDrift',
  schemaChanged: 'SieveSchemaChanged',
  datasetIncomplete: 'SieveDatasetIncomplete',
  modelAccuracyDegraded: 'SieveModelAccuracyDegraded',
  modelFalsePositiveRateHigh: 'SieveModelFalsePositiveRateHigh',
} as const;

/** Burn-rate alerts: one name per SLI kind; page and ticket share it (severity tells them apart). */
export const BURN_ALERTS: Readonly<Record<SliKind, string>> = {
  pipelineSuccess: 'SievePipelineSuccessBudgetBurn',
  freshness: 'SieveFreshnessBudgetBurn',
  completeness: 'SieveCompletenessBudgetBurn',
  drift: 'SieveDriftBudgetBurn',
  latency: 'SieveModelLatencyBudgetBurn',
  availability: 'SieveModelAvailabilityBudgetBurn',
  quality: 'SieveModelQualityBudgetBurn',
  falsePositiveRate: 'SieveFalsePositiveRateBudgetBurn',
  costPerPrediction: 'SieveCostPerPredictionBudgetBurn',
};

/** SLO alerts other than burn rates: run counts for sparse pipelines, and SLIs without data. */
export const SLO_ALERTS = {
  runsFailed: 'SievePipelineRunsFailed',
  runMissed: 'SievePipelineRunMissed',
  noData: 'SieveSloNoData',
} as const;

/** Scrape-target health, for every Sieve job in the spec's `targets.jobs`. */
export const TARGET_ALERTS = {
  down: 'SieveTargetDown',
  missing: 'SieveTargetMissing',
} as const;

/** Grafana-managed: drift between two windows, computed at query time by the Sieve datasource. */
export const GRAFANA_ALERTS = {
  windowedDrift: 'SieveFeatureWindowDrift',
} as const;

export const ALL_ALERT_NAMES: readonly string[] = [
  ...Object.values(DIRECT_ALERTS),
  ...Object.values(BURN_ALERTS),
  ...Object.values(SLO_ALERTS),
  ...Object.values(TARGET_ALERTS),
  ...Object.values(GRAFANA_ALERTS),
];

/** Alerts that mean a pipeline is down or failing: while one fires, its PIPELINE_SYMPTOMS are inhibited. */
export const PIPELINE_CAUSES: readonly string[] = [DIRECT_ALERTS.pipelineNotRunning, DIRECT_ALERTS.pipelineFailing];
/**
 * Alerts that are symptoms of a pipeline that is down or failing: stale, drifting or incomplete data,
 * and SLIs that went quiet. `SieveSloNoData` is inhibited for every SLO carrying the pipeline label,
 * its features' and datasets' (label from the spec) and the pipeline's own: one root cause, one page.
 */
export const PIPELINE_SYMPTOMS: readonly string[] = [
  DIRECT_ALERTS.featureStale,
  DIRECT_ALERTS.featureDrift,
  DIRECT_ALERTS.datasetIncomplete,
  BURN_ALERTS.freshness,
  BURN_ALERTS.drift,
  BURN_ALERTS.completeness,
  SLO_ALERTS.noData,
  GRAFANA_ALERTS.windowedDrift,
];
