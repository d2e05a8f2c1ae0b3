import type { DashboardJson, Variable } from './generated.ts';

/**
 * Expands dashboard variables the way Grafana does before a query leaves the browser: a
 * multi-value or "All" selection becomes a regex alternation (or the variable's allValue), a
 * single value stays itself. `values` supplies what `label_values(...)` would return.
 */

/** Grafana's built-in variables, with the values the tests use. */
export const BUILTINS: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __range: '1h',
  __interval: '15s',
};

/** Variables Grafana fills per data point in links (`${__data.fields.alertname}`), not per query. */
export const LINK_BUILTINS = ['__data', '__field', '__value', '__series', '__url_time_range', '__all_variables'];

export type VariableValues = (v: Variable) => string[];

function currentValues(v: Variable): string[] {
  const value = v.current?.value;
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function expandValue(v: Variable, values: VariableValues): string {
  const current = currentValues(v);
  if (current.includes('$__all')) return v.allValue ?? values(v).join('|');
  if (current.length > 1) return current.join('|');
  if (current.length === 1 && current[0] !== '') return current[0]!;
  return values(v)[0] ?? '';
}

/** For a repeated panel: each clone sees one value of the repeat variable. */
export function firstValue(v: Variable, values: VariableValues): string {
  const current = currentValues(v).filter((c) => c !== '$__all');
  return current[0] ?? values(v)[0] ?? '';
}

export const VARIABLE_REF = /\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g;

export function expand(
  text: string,
  d: DashboardJson,
  values: VariableValues,
  overrides: Readonly<Record<string, string>> = {},
  builtins: Readonly<Record<string, string>> = BUILTINS
): string {
  const vars = new Map(d.templating.list.map((v) => [v.name, v]));
  return text.replace(VARIABLE_REF, (whole, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    if (name in overrides) return overrides[name]!;
    if (name in builtins) return builtins[name]!;
    const v = vars.get(name);
    if (!v) throw new Error(`${d.uid}: variable ${whole} is not defined`);
    return expandValue(v, values);
  });
}

/** Expands every string inside a Sieve target model. */
export function expandModel<T>(model: T, expandText: (s: string) => string): T {
  if (typeof model === 'string') return expandText(model) as T;
  if (Array.isArray(model)) return model.map((m) => expandModel(m, expandText)) as T;
  if (model && typeof model === 'object') {
    return Object.fromEntries(Object.entries(model).map(([k, val]) => [k, expandModel(val, expandText)])) as T;
  }
  return model;
}
