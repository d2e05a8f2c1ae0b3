import type { Baseline, SieveQuery } from './types.ts';

/** The variable as Grafana's TemplateSrv passes it to a format function. */
export interface FormatVariable {
  multi?: boolean;
  includeAll?: boolean;
}
export type FormatFn = (value: unknown, variable?: FormatVariable) => string;
/** `getTemplateSrv().replace` bound to the request's scoped variables. */
export type Replace = (text: string, format?: FormatFn) => string;

/** Escapes a value for a regex inside a double-quoted PromQL string: `a.b` → `a\\.b`, `"` → `\"`. */
export function escapeRegexInString(value: string): string {
  const regex = value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return regex.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * The format for label matchers and PromQL (as Grafana's Prometheus datasource does): a
 * multi-value or include-all variable becomes an alternation of escaped values, `(a|b\\.c)`, so
 * `feature=~"$feature"` selects every chosen feature. A single-value variable is inserted as is.
 */
export const regexFormat: FormatFn = (value, variable) => {
  if (Array.isArray(value)) {
    const parts = value.map((v) => escapeRegexInString(String(v)));
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join('|')})`;
  }
  const text = String(value);
  return variable?.multi || variable?.includeAll ? escapeRegexInString(text) : text;
};

/** Replaces variables in a text field; any other value (hand-written JSON) is left for the backend to reject by name. */
function optional(text: string | undefined, replace: Replace): string | undefined {
  return typeof text === 'string' ? replace(text) : text;
}

function interpolateBaseline(baseline: Baseline | undefined, replace: Replace): Baseline | undefined {
  if (baseline?.type === 'offset') return { ...baseline, offset: optional(baseline.offset, replace) as string };
  if (baseline?.type === 'range') {
    const time = (t: string | number) => (typeof t === 'string' ? replace(t) : t);
    return { ...baseline, from: time(baseline.from), to: time(baseline.to) };
  }
  return baseline;
}

/** Replaces template variables in every text field of the model. */
export function interpolateQuery(query: SieveQuery, replace: Replace): SieveQuery {
  if (query.queryType === 'drift') {
    return {
      ...query,
      features: optional(query.features, (t) => replace(t, regexFormat)),
      measure: optional(query.measure, replace) as typeof query.measure,
      baseline: interpolateBaseline(query.baseline, replace),
      window: optional(query.window, replace),
      step: optional(query.step, replace),
    };
  }
  return {
    ...query,
    expr: optional(query.expr, (t) => replace(t, regexFormat)) as string,
    detector: optional(query.detector, replace) as typeof query.detector,
    step: optional(query.step, replace),
    warmup: optional(query.warmup, replace),
  };
}
