/**
 * Prediction latency buckets in seconds: OTel's semconv HTTP server duration advice plus 0.2, the
 * bound of the default real-time latency SLO (rules/slos.yaml), which needs a bucket edge there. In
 * the catalog because a latency SLO can only count requests under a threshold that is a bucket edge.
 */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
