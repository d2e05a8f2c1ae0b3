// Dependency-free entry point (`@sieve/otel-instrumentation/catalog`): the datasource, rules and
// dashboards import names from here without pulling in the OpenTelemetry SDK.
export { METRICS, type MetricKey } from './metrics.ts';
export {
  defineMetric,
  type InstrumentType,
  type MetricDefinition,
  type MetricSpec,
  type PrometheusNames,
} from './metricDefinition.ts';
export { prometheusLabel, prometheusName } from './prometheusName.ts';
export * from './labels.ts';
export {
  formatPrometheusDuration,
  isPrometheusDuration,
  parsePrometheusDuration,
  PROMETHEUS_DURATION_HINT,
} from './prometheusDuration.ts';
export { DEFAULT_LATENCY_BUCKETS } from './defaultBuckets.ts';
