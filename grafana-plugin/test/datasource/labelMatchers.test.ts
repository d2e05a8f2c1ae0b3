import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { parseLabelMatchers, renderMatchers, selector } from '../../backend/src/datasource/labelMatchers.ts';

const parse = (text: string) => parseLabelMatchers(text, 'drift query', 'features', [LABEL.le]);

describe('label matchers', () => {
  it('parses PromQL matchers with or without braces and every operator and quote style', () => {
    expect(parse('')).toEqual([]);
    expect(parse(`{feature=~"age|income", job!="x", a!~'b.*',b=\`c\\d\`}`)).toEqual([
      { label: 'feature', op: '=~', value: 'age|income' },
      { label: 'job', op: '!=', value: 'x' },
      { label: 'a', op: '!~', value: 'b.*' },
      { label: 'b', op: '=', value: 'c\\d' },
    ]);
  });

  it('names the field and the problem', () => {
    expect(() => parse('feature=age')).toThrow(/^drift query: field "features": expected label matchers like/);
    expect(() => parse('le="1"')).toThrow('drift query: field "features": label "le" cannot be matched on here');
    expect(() => parse('__name__="x"')).toThrow(/label "__name__" cannot be matched on here/);
    expect(() => parse('feature=~"(age"')).toThrow(/invalid regular expression for "feature"/);
    expect(() => parse('{feature="a"')).toThrow(/unbalanced/);
    expect(() => parse('a="1" b="2"')).toThrow(/separated by commas/);
  });

  it('refuses (?<name>…) groups, which Prometheus built with Go before 1.22 refuses, and keeps (?P<name>…)', () => {
    expect(() => parse('feature=~"(?<x>a)"')).toThrow(/named groups must be written \(\?P<name>…\)/);
    expect(() => parse('feature=~"b|(?<x>a)"')).toThrow(/named groups/);
    expect(parse('feature=~"(?P<x>a)"')).toEqual([{ label: 'feature', op: '=~', value: '(?P<x>a)' }]);
    // Literal "(?<" in a character class or escaped is no group.
    expect(parse('feature=~"[(?<]+"')).toHaveLength(1);
    expect(parse('feature=~"[](?<]+"')).toHaveLength(1);
    expect(parse('feature=~"\\\\(?<"')).toHaveLength(1);
  });

  it('re-quotes values so that no input can break out of the selector', () => {
    const [m] = parse(`feature="a\\"} or vector(1) or x{y=\\""`);
    expect(m?.value).toBe('a"} or vector(1) or x{y="');
    expect(selector(METRICS.featureValue.prometheus.bucket, parse(`feature="a\\"}"`))).toBe(
      `${METRICS.featureValue.prometheus.bucket}{feature="a\\"}"}`
    );
    expect(renderMatchers([])).toBe('');
  });
});
