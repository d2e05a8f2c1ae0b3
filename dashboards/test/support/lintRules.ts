import * as units from '@grafana/grafana-foundation-sdk/units';
import { DATASOURCE_VARIABLE, SIEVE_VARIABLE } from '../../src/datasources.ts';
import { WHEN_RED } from '../../src/text.ts';
import type { Panel } from './generated.ts';

/**
 * Panel and target rules of Grafana's dashboard-linter, as functions that return what is wrong
 * (empty when nothing is), so the tests run them on every generated panel and on bad examples.
 */

const VALID_UNITS = new Set<unknown>(Object.values(units).filter((u) => typeof u === 'string'));
const DATASOURCE_VARIABLES = [`\${${DATASOURCE_VARIABLE}}`, `\${${SIEVE_VARIABLE}}`];

/** target-rate-interval-rule: the range of every rate() and irate(). */
export function rateIntervalProblems(expr: string): string[] {
  return [...expr.matchAll(/\b(i?rate)\((?:[^()[\]]|\([^()]*\))*\[([^\]]+)\]/g)]
    .filter((m) => m[2] !== '$__rate_interval')
    .map((m) => `${m[1]}() over [${m[2]}], not [$__rate_interval]`);
}

/** panel-units-rule. */
export function unitProblems(p: Panel): string[] {
  const unit = p.fieldConfig?.defaults.unit;
  return unit !== undefined && VALID_UNITS.has(unit) ? [] : [`unit ${JSON.stringify(unit)} is not a Grafana unit`];
}

/** panel-title-description-rule, with Sieve's "When red:" part. */
export function descriptionProblems(p: Panel): string[] {
  const out: string[] = [];
  if (!p.title) out.push('no title');
  if (!p.description?.includes(` ${WHEN_RED} `)) out.push(`the description does not say "${WHEN_RED}" what to do`);
  return out;
}

/** panel-datasource-rule: the panel and each target reach a datasource through a variable, as {type, uid}. */
export function datasourceProblems(p: Panel): string[] {
  const out: string[] = [];
  if (!p.datasource?.type || !DATASOURCE_VARIABLES.includes(p.datasource.uid ?? '')) {
    out.push(`panel datasource ${JSON.stringify(p.datasource)} is not {type, uid: a datasource variable}`);
  }
  for (const t of p.targets ?? []) {
    if (t.datasource?.uid !== p.datasource?.uid || t.datasource?.type !== p.datasource?.type) {
      out.push(`target ${t.refId} datasource ${JSON.stringify(t.datasource)} differs from the panel's`);
    }
  }
  return out;
}

/**
 * target-counter-agg-rule: a counter (a `_total` series) is only read through rate(), irate() or
 * increase() over a range, since its raw value depends on when the process last restarted.
 */
export function counterAggProblems(expr: string): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""'); // label values are not metric names
  const out: string[] = [];
  for (const m of code.matchAll(/\b([a-zA-Z_:][\w:]*_total)\b(\{[^}]*\})?/g)) {
    const before = code.slice(0, m.index);
    const after = code.slice(m.index + m[0].length);
    if (!/\b(?:rate|irate|increase)\(\s*$/.test(before) || !/^\s*\[/.test(after)) {
      out.push(`counter ${m[1]} is not aggregated with rate, irate or increase`);
    }
  }
  return out;
}
