import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { by } from './promql.ts';

/**
 * Share of checked records that miss each field, per dataset and field, over window `w`: the
 * complement of completeness. `matchers` is a rendered selector (`{dataset="x"}` or ''). A field
 * with no missing value has no series, so neither has its share.
 */
export function missingShare(matchers: string, w: string): string {
  const missing = METRICS.datasetMissing.prometheus.name;
  const records = METRICS.datasetRecords.prometheus.name;
  return (
    `sum ${by([LABEL.dataset, LABEL.field])} (rate(${missing}${matchers}[${w}]))` +
    ` / on (${LABEL.dataset}) group_left sum ${by([LABEL.dataset])} (rate(${records}${matchers}[${w}]))`
  );
}
