import { RE2JS } from 're2js';
import { ValidationError } from './errors.ts';

/** One PromQL label matcher, validated. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** `label op "value"`, with the value in double, single or back quotes (PromQL string syntax). */
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*/;

/**
 * Why Prometheus would refuse `value` as a regex matcher, or undefined. Prometheus compiles
 * matchers with Go's RE2 syntax as `^(?s:value)$`; JavaScript's syntax differs both ways
 * (lookarounds and backreferences are JavaScript only, `(?i)` and `\\z` RE2 only), so the check
 * uses an RE2 port rather than RegExp.
 */
export function re2Problem(value: string): string | undefined {
  try {
    RE2JS.compile(`^(?s:${value})$`);
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
  }
  // re2js follows Go ≥ 1.22, which accepts `(?<name>…)`; Prometheus built with older Go (Debian
  // bookworm's 2.42, for one) refuses it, and every Go version reads `(?P<name>…)`.
  if (hasBareNamedGroup(value)) return 'named groups must be written (?P<name>…): older Prometheus refuses (?<name>…)';
  return undefined;
}

/** Whether `pattern` opens a group with `(?<` outside a character class and not escaped. */
function hasBareNamedGroup(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++; // a leading ] is a literal
    } else if (c === '(' && pattern.startsWith('?<', i + 1)) return true;
  }
  return false;
}

function unquote(quoted: string): string {
  if (quoted.startsWith('`')) return quoted.slice(1, -1);
  const body = quoted.slice(1, -1);
  // PromQL uses Go escapes; JSON's are the common subset (\" \\ \n \t \uXXXX).
  try {
    return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"')}"`) as string;
  } catch {
    throw new Error('bad escape');
  }
}

/**
 * Parses PromQL label matchers, with or without braces: `feature=~"age|income", job="scoring"`.
 * `reserved` labels (those the query aggregates by, such as `le`) may not be matched on.
 * Throws a ValidationError naming `where` (e.g. `drift query`) and `field`.
 */
export function parseLabelMatchers(
  text: string,
  where: string,
  field: string,
  reserved: readonly string[]
): LabelMatcher[] {
  function fail(why: string): never {
    throw new ValidationError(`${where}: field "${field}": ${why}`);
  }
  let rest = text.trim();
  if (rest.startsWith('{')) {
    if (!rest.endsWith('}')) fail('unbalanced "{"');
    rest = rest.slice(1, -1);
  }
  const matchers: LabelMatcher[] = [];
  while (rest.trim() !== '') {
    const m = MATCHER.exec(rest);
    if (!m) fail(`expected label matchers like feature=~"age|income", got ${JSON.stringify(rest.slice(0, 60))}`);
    const [whole, label, op, quoted] = m as unknown as [string, string, LabelMatcher['op'], string];
    if (reserved.includes(label) || label === '__name__') fail(`label "${label}" cannot be matched on here`);
    let value: string;
    try {
      value = unquote(quoted);
    } catch {
      fail(`invalid escape in the value of "${label}"`);
    }
    if (op === '=~' || op === '!~') {
      const problem = re2Problem(value);
      if (problem) fail(`invalid regular expression for "${label}" (RE2 syntax, as Prometheus reads it): ${problem}`);
    }
    matchers.push({ label, op, value });
    rest = rest.slice(whole.length);
    if (rest.startsWith(',')) rest = rest.slice(1);
    else if (rest.trim() !== '') fail('matchers must be separated by commas');
  }
  return matchers;
}

/** Renders matchers as the inside of a PromQL selector; values are re-quoted so nothing can escape. */
export function renderMatchers(matchers: readonly LabelMatcher[]): string {
  return matchers.map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`).join(', ');
}

/** `metric{matchers}`; `metric` must be a catalog name. */
export function selector(metric: string, matchers: readonly LabelMatcher[]): string {
  if (!LABEL_NAME.test(metric.replace(/:/g, '_'))) throw new Error(`not a metric name: ${metric}`);
  return matchers.length ? `${metric}{${renderMatchers(matchers)}}` : metric;
}
