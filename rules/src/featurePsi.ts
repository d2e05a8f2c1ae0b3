import { METRICS } from '@sieve/otel-instrumentation/catalog';
import { by, num } from './promql.ts';

/**
 * The PSI series of the groups that still update a feature. Pushgateway groups never expire: a
 * renamed or retired job (or a shard's `instance`) keeps its last PSI exposed, and `max by
 * (feature)` over every group let that stale value keep the feature "drifted" forever (review-e B5).
 * A group counts while its `last_update` is within `staleAfter` seconds of the newest `last_update`
 * of that feature (`labels`): relative to the newest, not to now, so a daily job's only group stays
 * counted between runs, and shards that run together all count. Both gauges of one group carry the
 * same labels (its job, instance, grouping key), so `and` pairs them without naming those labels.
 */
export function currentPsi(selector: string, labels: readonly string[], staleAfter: number): string {
  const psi = `${METRICS.featurePsi.prometheus.name}${selector}`;
  const updated = `${METRICS.featureLastUpdate.prometheus.name}${selector}`;
  return (
    `${psi}\n  and\n  ${updated} >= on (${labels.join(', ')}) group_left ()\n` +
    `  (max ${by(labels)} (${updated}) - ${num(staleAfter)})`
  );
}
