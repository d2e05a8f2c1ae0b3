/** Small PromQL builders, so every generated expression quotes and groups the same way. */

/** `{a="x",b=~"y|z"}`; values are JSON-quoted (the same escaping PromQL uses for plain strings). */
export function matchers(
  equal: Readonly<Record<string, string>>,
  regex: Readonly<Record<string, string>> = {}
): string {
  const parts = [
    ...Object.entries(equal).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
    ...Object.entries(regex).map(([k, v]) => `${k}=~${JSON.stringify(v)}`),
  ];
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** An anchored alternation of literal values for `=~`. */
export function anyOf(values: readonly string[]): string {
  return values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

export function by(labels: readonly string[]): string {
  return `by (${labels.join(', ')})`;
}

/** A constant without float noise: 1 - 0.999 prints as 0.001. */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** `(x > 0)`: a divisor that drops groups without events, so a ratio is absent rather than NaN. */
export function positive(expr: string): string {
  return `(${expr} > 0)`;
}
