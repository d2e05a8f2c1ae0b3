import { HEAD_CHARS } from '../../backend/src/datasource/jsonBody.ts';
import { matrixBody } from '../../backend/src/datasource/matrixBody.ts';

/** A query_range body as Prometheus writes it (Go's encoder: no spaces, `metric` first). */
function body(result: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result }, ...extra });
}

const series = [
  {
    metric: { feature: 'a', le: '0.5' },
    values: [
      [1, '1'],
      [2, '2'],
    ],
  },
  // Label values that spell the separator, a quote and a backslash must not split a series.
  { metric: { feature: 'b},{"metric":{', le: '\\"}]' }, values: [[1, '+Inf']] },
  { metric: { feature: 'c', le: '+Inf' }, values: [] },
];

/** Feeds `text` in chunks of `size` and returns what was converted before the end, and after. */
function feed(text: string, size: number, convert: (s: unknown) => unknown = (s) => s) {
  const parser = matrixBody(convert);
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  const streamed = [...parser.converted];
  const envelope = parser.finish() as { data?: { result: unknown[] }; warnings?: string[] };
  return { streamed, rest: envelope.data?.result, envelope, head: parser.head(), failed: parser.failed };
}

describe('matrixBody', () => {
  it.each([1, 2, 3, 7, 11, 12, 13, 64, 1 << 20])(
    'converts every series but the last while chunks of %i chars arrive',
    (size) => {
      const text = body(series, { warnings: ['w'] });
      const { streamed, rest, envelope } = feed(text, size);
      expect(streamed).toEqual(series.slice(0, 2));
      expect([...streamed, ...(rest ?? [])]).toEqual(series);
      expect(envelope.warnings).toEqual(['w']);
    }
  );

  it('finds every separator wherever the chunks split it', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ metric: { feature: `f${i}` }, values: [[i, `${i}`]] }));
    const text = body(many);
    for (let size = 1; size <= 60; size++) {
      const { streamed, rest } = feed(text, size);
      expect([streamed.length, [...streamed, ...(rest ?? [])]]).toEqual([29, many]);
    }
  });

  it('keeps the start of the text for error messages, at most HEAD_CHARS', () => {
    const text = body(series);
    expect(feed(text, 5).head).toBe(text);
    const long = body(Array.from({ length: 2000 }, (_, i) => ({ metric: { feature: `f${i}` }, values: [[1, '1']] })));
    expect(feed(long, 100).head).toBe(long.slice(0, HEAD_CHARS));
  });

  it.each([
    ['an error envelope', JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'x' })],
    ['another key order', JSON.stringify({ data: { result: series, resultType: 'matrix' }, status: 'success' })],
    ['series without metric first', body(series.map(({ metric, values }) => ({ values, metric })))],
  ])('parses %s whole, at the end', (_, text) => {
    const { streamed, envelope } = feed(text, 3);
    expect(streamed).toEqual([]);
    expect(envelope).toEqual(JSON.parse(text));
  });

  it('reports a series that fails to convert as failed, keeping nothing', () => {
    const convert = (s: unknown) => {
      if ((s as { metric: { feature: string } }).metric.feature === 'b},{"metric":{') throw new Error('bad series');
      return s;
    };
    const { streamed, rest, failed } = feed(body(series), 4, convert);
    expect(failed).toBe(true);
    expect(streamed).toEqual([]);
    expect(rest).toEqual([]);
  });

  it('throws at the end for a truncated or non-JSON body', () => {
    const text = body(series);
    expect(() => feed(text.slice(0, -10), 8)).toThrow(SyntaxError);
    expect(() => feed('<html>Welcome to nginx!</html>', 8)).toThrow(SyntaxError);
    expect(() => feed('', 8)).toThrow(SyntaxError);
  });
});
