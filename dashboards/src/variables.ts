import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE_VARIABLE, PROMETHEUS_REF, PROMETHEUS_TYPE, SIEVE_VARIABLE } from './datasources.ts';
import { SIEVE_DATASOURCE } from '@sieve/rules';
import { anyOf } from './promql.ts';

/**
 * Template variables. Label variables are named exactly after the label they filter, so an alert's
 * `dashboard_url` (`var-pipeline=…`) selects the right value.
 */

const ALL = { text: ['All'], value: ['$__all'] };

export function prometheusVariable(uid: string): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data Source')
    .type(PROMETHEUS_TYPE)
    .current({ text: uid, value: uid });
}

export function sieveVariable(uid: string): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder(SIEVE_VARIABLE)
    .label('Sieve datasource')
    .type(SIEVE_DATASOURCE.type)
    .current({ text: uid, value: uid });
}

export interface LabelVariable {
  /** The label, which is also the variable's name. */
  readonly label: string;
  readonly title: string;
  /** A series that carries the label. */
  readonly metric: string;
  /** Several values at once, with "All" as the default. */
  readonly multi: boolean;
  /** Only these values are offered (a team's own pipelines); default: every value Prometheus has. */
  readonly only?: readonly string[] | undefined;
}

/** `label_values(metric, label)`, refreshed when the time range changes. */
export function labelVariable(l: LabelVariable): dashboard.QueryVariableBuilder {
  const query = `label_values(${l.metric}, ${l.label})`;
  const builder = new dashboard.QueryVariableBuilder(l.label)
    .label(l.title)
    .datasource(PROMETHEUS_REF)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(l.multi)
    .includeAll(l.multi);
  if (l.multi) builder.allValue('.*').current(ALL);
  if (l.only?.length) builder.regex(`/^(${anyOf(l.only)})$/`);
  return builder;
}

/** A fixed list of values: the first one selected, or all of them when several may be. */
export function customVariable(
  name: string,
  title: string,
  values: readonly string[],
  multi = false
): dashboard.CustomVariableBuilder {
  const first = values[0] ?? '';
  return new dashboard.CustomVariableBuilder(name)
    .label(title)
    .values(values.join(','))
    .multi(multi)
    .current(multi ? { text: [...values], value: [...values] } : { text: first, value: first });
}
