/** PromQL pieces for panels: selectors on dashboard variables, and rates over `$__rate_interval`. */

/** Grafana fills this per panel from the scrape interval: at least four scrapes, so rate() never has one sample. */
export const RATE_INTERVAL = '$__rate_interval';
/** The dashboard's whole time range. */
export const RANGE = '$__range';

/** `$pipeline`: the value of a dashboard variable. */
export function v(name: string): string {
  return `$${name}`;
}

/**
 * `{pipeline=~"$pipeline",outcome="success"}`. Variables are matched with `=~`: a multi-value or
 * "All" selection expands to a regex (`a|b`, `.*`). Fixed values are JSON-quoted.
 */
export function sel(
  vars: Readonly<Record<string, string>>,
  fixed: Readonly<Record<string, string>> = {},
  fixedRegex: Readonly<Record<string, string>> = {}
): string {
  const parts = [
    ...Object.entries(vars).map(([label, variable]) => `${label}=~"${v(variable)}"`),
    ...Object.entries(fixed).map(([label, value]) => `${label}=${JSON.stringify(value)}`),
    ...Object.entries(fixedRegex).map(([label, value]) => `${label}=~${JSON.stringify(value)}`),
  ];
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * `{pipeline=~"$pipeline|",model=~"$model|"}`: each variable narrows only the series that carry its
 * label, and keeps those without it (a matcher that matches "" also selects series lacking the
 * label). For series of mixed kinds (alerts, SLOs): each carries a pipeline or a model, never
 * both, so AND-ing plain matchers empties the panel once both variables are narrowed, and hides a
 * dataset's alerts once a pipeline is chosen.
 */
export function selWhereLabelled(
  vars: Readonly<Record<string, string>>,
  fixed: Readonly<Record<string, string>> = {}
): string {
  const parts = [
    ...Object.entries(vars).map(([label, variable]) => `${label}=~"${v(variable)}|"`),
    ...Object.entries(fixed).map(([label, value]) => `${label}=${JSON.stringify(value)}`),
  ];
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** `{outcome=~"failure|partial"}` matcher value: an alternation of literal values. */
export function anyOf(values: readonly string[]): string {
  return values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

export function by(labels: readonly string[]): string {
  return labels.length ? `by (${labels.join(', ')}) ` : '';
}

/** `sum by (pipeline) (rate(metric{…}[$__rate_interval]))`. */
export function sumRate(series: string, labels: readonly string[], window = RATE_INTERVAL): string {
  return `sum ${by(labels)}(rate(${series}[${window}]))`;
}

/** `a or b * 0`: a group with traffic but no matching series reads 0 instead of nothing. */
export function orZero(expr: string, traffic: string): string {
  return `(${expr} or ${traffic} * 0)`;
}

/** `histogram_quantile(0.95, sum by (le, …) (rate(bucket[…])))`. */
export function quantile(q: number, bucket: string, labels: readonly string[], window = RATE_INTERVAL): string {
  return `histogram_quantile(${q}, ${sumRate(bucket, ['le', ...labels], window)})`;
}

/** A threshold step just above zero: red as soon as there is any. */
export const ANY = 1e-9;
