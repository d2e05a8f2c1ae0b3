import type { HarnessQuery } from '../harness/index.ts';

/**
 * Seeded hostile QueryData input: models of every type and none, fields of the wrong type, huge,
 * empty and absurd values, regexes JavaScript and RE2 disagree on, PromQL injection attempts in
 * matchers, odd refIds (duplicates, `__proto__`), and time ranges and resolutions at and past the
 * limits. The same seed always gives the same queries.
 */
export function hostileQueries(random: () => number, count: number, nowMs: number): HarnessQuery[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const refIds = ['A', 'B', '__proto__', 'constructor', 'toString', '', 'ü', 'A', 'x'.repeat(300)];
  const strings = [
    '',
    ' ',
    'x'.repeat(30_000),
    '"}) or vector(1) #',
    'feature="a"} or up{x="',
    'feature=~"(?=a)"',
    'feature=~"(?i)AGE"',
    'feature=~"a{1001}"',
    "feature='a'",
    'feature=`a\\"`',
    '{feature!~"\\\\"}',
    'le="1"',
    '__name__="up"',
    'feature="\\u0000"',
    '\u202e',
    'sum(',
    'up',
    'up{job="x"}[5m]',
  ];
  const numbers = [0, -1, 1, 1e308, Number.MAX_SAFE_INTEGER, 0.5, 2 ** 31, -(2 ** 31)];
  const values = [...strings, ...numbers, null, true, [], {}, { type: 'range' }, ['1h']];
  const durations = ['1s', '0s', '5m', '1h30m', '99999y', '-1h', '1.5h', 'P1D', '', '1'];
  const dates = ['1', '0', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00Z', 'yesterday', 1, -1, 1e20];
  const model = (): Record<string, unknown> | string => {
    switch (Math.floor(random() * 5)) {
      case 0:
        return pick(['', '{', '[]', 'null', '"x"', '{"queryType":1}', '{"__proto__":{"features":"x"}}']);
      case 1:
        return {
          features: pick(strings),
          measure: pick(['psi', 'js', 'ks', 'nope', 1]),
          baseline: pick([
            { type: 'offset', offset: pick(durations) },
            { type: 'range', from: pick(dates), to: pick(dates) },
            { type: 'exported' },
            pick(values),
          ]),
          window: pick(durations),
          step: pick(durations),
          format: pick(['timeseries', 'table', 'x']),
        };
      case 2:
        return {
          expr: pick(strings),
          detector: pick(['ensemble', 'zscore', 'nope', 'constructor']),
          params: pick<unknown>([{}, { toString: 1 }, { constructor: 1 }, { window: 1e9 }, { window: 'x' }, []]),
          step: pick(durations),
          warmup: pick(durations),
        };
      default: {
        const m: Record<string, unknown> = {};
        for (const key of ['features', 'expr', 'measure', 'baseline', 'params', 'step', pick(['a', '__proto__'])]) {
          if (random() < 0.5) m[key] = pick(values);
        }
        return m;
      }
    }
  };
  const queries: HarnessQuery[] = [];
  for (let i = 0; i < count; i++) {
    const span = pick([1, 60_000, 3_600_000, 86_400_000 * 400, 86_400_000 * 365 * 6, -60_000]);
    const toMs = pick([nowMs, 0, nowMs * 10, 1]);
    queries.push({
      refId: random() < 0.3 ? pick(refIds) : `q${i}`,
      queryType: pick(['drift', 'anomaly', '', 'forecast', '__proto__']),
      json: model(),
      timeRange: { fromMs: toMs - span, toMs },
      maxDataPoints: pick([0, 1, 2, 100, 43_200, -5, 2 ** 40]),
      intervalMs: pick([0, 1, 15_000, -1, 2 ** 40]),
    });
  }
  return queries;
}
