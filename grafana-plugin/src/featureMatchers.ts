import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { escapeRegexInString } from './interpolate.ts';

/** Template variable references are kept verbatim; interpolation escapes their values. */
const isVariable = (name: string) => name.startsWith('$');

/** Undoes escapeRegexInString for one alternative, or undefined when it holds regex syntax. */
function unescape(part: string): string | undefined {
  const literal = part.replace(/\\\\(.)/g, '$1').replace(/\\"/g, '"');
  return escapeRegexInString(literal) === part ? literal : undefined;
}

/**
 * The label matchers selecting these features: `feature="a"`, `feature=~"a|b"` (escaped), with
 * template variables as written (`feature=~"$feature"`). No names: every feature (empty).
 */
export function featureMatcher(names: readonly string[]): string {
  if (names.length === 0) return '';
  const parts = names.map((n) => (isVariable(n) ? n : escapeRegexInString(n)));
  if (names.length === 1 && !isVariable(names[0] as string)) {
    return `${LABEL.feature}="${(names[0] as string).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `${LABEL.feature}=~"${parts.join('|')}"`;
}

/**
 * The feature names a matcher written by featureMatcher selects, so the picker can show them;
 * undefined for any other matcher text (which the picker then leaves alone).
 */
export function pickedFeatures(matchers: string): string[] | undefined {
  const text = matchers.trim();
  if (text === '') return [];
  const m = new RegExp(`^${LABEL.feature}(=~?)"((?:[^"\\\\]|\\\\.)*)"$`).exec(text);
  if (!m) return undefined;
  const [, op, body] = m as unknown as [string, string, string];
  if (op === '=') return [body.replace(/\\(.)/g, '$1')];
  const names: string[] = [];
  // An alternation bar, not an escaped one (`\\|` in the string); odd cases fail the round trip below.
  for (const part of body.split(/(?<!\\\\)\|/)) {
    const name = isVariable(part) ? part : unescape(part);
    if (name === undefined || name === '') return undefined;
    names.push(name);
  }
  return names;
}
