import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { by } from './promql.ts';

/**
 * Share of checked records that miss each field, per dataset and field, over window `w`: the
 * complement of completeness. `extra` labels stay apart (env, cluster). `matchers` is a rendered selector (`{dataset="x"}` or ''). A field
 * with no missing value has no series, so neither has its share.
 */
export function missingShare(matchers: string, w: string, extra: readonly string[] = []): string {
  const missing = METRICS.datasetMissing.prometheus.name;
  const records = METRICS.datasetRecords.prometheus.name;
  return (
    `sum ${by([LABEL.dataset, LABEL.field, ...extra])} (rate(${missing}${matchers}[${w}]))` +
    ` / on (${[LABEL.dataset, ...extra].join(', ')}) group_left () ` +
    `(sum ${by([LABEL.dataset, ...extra])} (rate(${records}${matchers}[${w}])) > 0)`
  );
}
