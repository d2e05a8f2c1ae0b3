/**
 * The names the demo instruments: the one place they are spelled. The default SLO spec
 * (rules/slos.yaml) and the dashboards select these; a test checks the spec against them.
 */
export const DEMO = {
  service: 'sieve-demo',
  pipeline: 'flights-features',
  dataset: 'flights',
  model: 'flight-delay',
  modelVersion: '1',
  /** Numeric features, then the categorical one. */
  features: { distance: 'distance', depHour: 'dep_hour', origin: 'origin' },
} as const;

export const NUMERIC_FEATURES = [DEMO.features.distance, DEMO.features.depHour] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];
export const FEATURE_NAMES: readonly string[] = Object.values(DEMO.features);

/** Prometheus job names of the stack's scrape targets (also the compose service names' jobs). */
export const JOBS = { model: 'demo-model', pushgateway: 'pushgateway' } as const;
