import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import type { DashboardOptions } from './options.ts';
import { labelVariable, prometheusVariable, sieveVariable } from './variables.ts';

/** The variables the dashboards share, named after their labels; each dashboard picks the ones it uses. */
export function commonVariables(o: DashboardOptions) {
  return {
    datasource: () => prometheusVariable(o.datasources.prometheus),
    sieve: () => sieveVariable(o.datasources.sieve),
    pipeline: (multi = true) =>
      labelVariable({
        label: LABEL.pipeline,
        title: 'Pipeline',
        metric: METRICS.pipelineLastRun.prometheus.name,
        multi,
        only: o.pipelines,
      }),
    model: (multi = true) =>
      labelVariable({
        label: LABEL.model,
        title: 'Model',
        metric: METRICS.modelPredictions.prometheus.name,
        multi,
        only: o.models,
      }),
    feature: (multi: boolean) =>
      labelVariable({
        label: LABEL.feature,
        title: 'Feature',
        // Numeric and categorical features alike: each kind's panels read their own metrics.
        metric: METRICS.featureLastUpdate.prometheus.name,
        multi,
        only: o.features,
      }),
    dataset: (multi = true) =>
      labelVariable({
        label: LABEL.dataset,
        title: 'Dataset',
        metric: METRICS.datasetRecords.prometheus.name,
        multi,
        only: o.datasets,
      }),
  };
}
