import { DEFAULT_DETECTOR, DETECTORS, MEASURE_NAMES } from '@sieve/scoring';
import { anomalyFrames } from '../../backend/src/datasource/anomalyFrames.ts';
import { parseQuery } from '../../backend/src/datasource/querySchema.ts';
import { anomalyAnnotations } from '../../src/annotations.ts';
import { featureMatcher, pickedFeatures } from '../../src/featureMatchers.ts';
import { escapeRegexInString, interpolateQuery, regexFormat, type FormatFn } from '../../src/interpolate.ts';
import { DEFAULT_ANOMALY, DEFAULT_DRIFT, normalizeQuery, switchQueryType } from '../../src/queryDefaults.ts';
import type { AnomalyQuery, DriftQuery, SieveQuery } from '../../src/types.ts';
import { validateQuery } from '../../src/validateQuery.ts';
import { normalizeVariableQuery, variableValues } from '../../src/variableQuery.ts';

const drift = (patch: Partial<DriftQuery> = {}): DriftQuery => ({ ...DEFAULT_DRIFT, refId: 'A', ...patch });
const anomaly = (patch: Partial<AnomalyQuery> = {}): AnomalyQuery => ({
  ...DEFAULT_ANOMALY,
  refId: 'A',
  expr: 'up',
  ...patch,
});

/** What the backend says about the model as Grafana sends it (JSON); the editor must say the same. */
function backendMessage(q: SieveQuery): string | undefined {
  try {
    parseQuery(q.queryType, JSON.stringify(q));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('validateQuery: the backend schema is the editor validation', () => {
  it('accepts the defaults of both query types as the backend does', () => {
    expect(validateQuery(drift())).toBeUndefined();
    expect(validateQuery(anomaly())).toBeUndefined();
    expect(parseQuery('drift', JSON.stringify(drift()))).toMatchObject({ measure: 'psi', format: 'timeseries' });
    expect(parseQuery('anomaly', JSON.stringify(anomaly()))).toMatchObject({ detector: DEFAULT_DETECTOR });
  });

  it('accepts every measure and every detector of the registries', () => {
    for (const measure of MEASURE_NAMES) expect(validateQuery(drift({ measure }))).toBeUndefined();
    for (const detector of Object.keys(DETECTORS)) {
      expect(validateQuery(anomaly({ detector: detector as AnomalyQuery['detector'] }))).toBeUndefined();
    }
  });

  it('gives the backend message word for word, with the field it names', () => {
    const cases: Array<[SieveQuery, string, string | undefined]> = [
      [drift({ window: '5 minutes' }), 'window', undefined],
      [drift({ baseline: { type: 'offset', offset: '' } }), 'baseline.offset', undefined],
      [
        drift({ baseline: { type: 'range', from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }),
        'baseline.to',
        undefined,
      ],
      [drift({ measure: 'psx' as DriftQuery['measure'] }), 'measure', `expected one of ${MEASURE_NAMES.join(', ')}`],
      [anomaly({ expr: '   ' }), 'expr', 'a PromQL expression is required'],
      [anomaly({ params: { bandWidth: 1000 } }), 'params.bandWidth', 'must be in [0.1, 100], got 1000'],
      [anomaly({ detector: 'zscore', params: { nope: 1 } }), 'params.nope', undefined],
    ];
    for (const [q, field, tail] of cases) {
      const issue = validateQuery(q);
      expect(issue).toEqual({ message: backendMessage(q), field });
      if (tail) expect(issue?.message.endsWith(tail)).toBe(true);
    }
  });

  it('checks every detector parameter against its range from the registry', () => {
    for (const [detector, spec] of Object.entries(DETECTORS)) {
      for (const [name, p] of Object.entries(spec.params)) {
        const d = detector as AnomalyQuery['detector'];
        expect(validateQuery(anomaly({ detector: d, params: { [name]: p.default } }))).toBeUndefined();
        expect(validateQuery(anomaly({ detector: d, params: { [name]: p.max * 2 + 1 } }))?.message).toBe(
          `anomaly query: field "params.${name}": must be in [${p.min}, ${p.max}], got ${p.max * 2 + 1}`
        );
      }
    }
  });
});

describe('query type switching and stored models', () => {
  it('keeps Grafana keys and replaces the model', () => {
    const q = drift({ features: 'feature="age"', hide: true, datasource: { uid: 'sieve' } });
    expect(switchQueryType(q, 'anomaly')).toEqual({
      ...DEFAULT_ANOMALY,
      refId: 'A',
      hide: true,
      datasource: { uid: 'sieve' },
      key: undefined,
    });
    expect(switchQueryType(switchQueryType(q, 'anomaly'), 'drift')).toMatchObject({ ...DEFAULT_DRIFT, refId: 'A' });
  });

  it('completes a bare { refId } (Explore, alert rules) and an old model without queryType', () => {
    expect(normalizeQuery({ refId: 'A' })).toEqual({ ...DEFAULT_DRIFT, refId: 'A' });
    expect(normalizeQuery({ refId: 'B', expr: 'up' } as Partial<SieveQuery> & { refId: string })).toEqual({
      ...DEFAULT_ANOMALY,
      refId: 'B',
      expr: 'up',
    });
  });
});

/** Grafana's TemplateSrv.replace for `$name` / `${name}`: format functions get arrays for multi-values. */
function fakeReplace(vars: Record<string, string | string[]>) {
  return (text: string, format?: FormatFn) =>
    text.replace(/\$\{(\w+)\}|\$(\w+)/g, (ref, braced?: string, plain?: string) => {
      const value = vars[(braced ?? plain) as string];
      if (value === undefined) return ref;
      if (format) return format(value, { multi: Array.isArray(value) });
      return Array.isArray(value) ? `{${value.join(',')}}` : value;
    });
}

describe('applyTemplateVariables: every text field, multi-value variables in matchers', () => {
  const replace = fakeReplace({ feature: ['age', 'inc.ome'], one: 'age', win: '2h', off: '1d', det: 'ewma', m: 'js' });

  it('turns a multi-value variable into an escaped alternation inside matchers and PromQL', () => {
    const q = interpolateQuery(drift({ features: 'feature=~"$feature"' }), replace) as DriftQuery;
    expect(q.features).toBe('feature=~"(age|inc\\\\.ome)"');
    const a = interpolateQuery(anomaly({ expr: 'sum(rate(x{feature=~"${feature}"}[5m]))' }), replace) as AnomalyQuery;
    expect(a.expr).toBe('sum(rate(x{feature=~"(age|inc\\\\.ome)"}[5m]))');
  });

  it('inserts a single-value variable as is and replaces durations, measure, detector and baseline', () => {
    const q = interpolateQuery(
      drift({
        features: 'feature="$one"',
        measure: '$m',
        window: '$win',
        step: '$win',
        baseline: { type: 'offset', offset: '$off' },
      }),
      replace
    );
    expect(q).toMatchObject({ features: 'feature="age"', measure: 'js', window: '2h', step: '2h' });
    expect((q as DriftQuery).baseline).toEqual({ type: 'offset', offset: '1d' });
    const range = interpolateQuery(drift({ baseline: { type: 'range', from: '$off', to: 5 } }), replace) as DriftQuery;
    expect(range.baseline).toEqual({ type: 'range', from: '1d', to: 5 });
    const a = interpolateQuery(anomaly({ detector: '$det', step: '$win', warmup: '$off' }), replace);
    expect(a).toMatchObject({ detector: 'ewma', step: '2h', warmup: '1d' });
    expect(validateQuery(a)).toBeUndefined();
  });

  it('escapes regex metacharacters, quotes and backslashes for a PromQL string', () => {
    expect(escapeRegexInString('a.b|c"d\\e')).toBe('a\\\\.b\\\\|c\\"d\\\\\\\\e');
    expect(regexFormat(['x'], { multi: true })).toBe('x');
    expect(regexFormat('a.b', { multi: true })).toBe('a\\\\.b');
    expect(regexFormat('a.b', { multi: false })).toBe('a.b');
  });
});

describe('feature picker matchers', () => {
  it('writes and reads back names, escaped, and template variables verbatim', () => {
    for (const names of [[], ['age'], ['age', 'income'], ['a.b', 'c|d'], ['$feature'], ['age', '$feature']]) {
      expect(pickedFeatures(featureMatcher(names))).toEqual(names);
    }
    expect(featureMatcher(['age', 'income'])).toBe('feature=~"age|income"');
    expect(featureMatcher(['age'])).toBe('feature="age"');
  });

  it('leaves other matchers to the text field', () => {
    expect(pickedFeatures('feature=~"age.*"')).toBeUndefined();
    expect(pickedFeatures('pipeline="p1",feature="age"')).toBeUndefined();
  });

  it('writes matchers the backend accepts', () => {
    expect(validateQuery(drift({ features: featureMatcher(['a.b', 'c"d']) }))).toBeUndefined();
  });
});

describe('anomalies as annotations', () => {
  it('maps runs of anomalous points of the backend frame to region events', () => {
    const frames = anomalyFrames(
      [
        {
          labels: { model: 'm1' },
          timestampsMs: [1000, 2000, 3000, 4000, 5000],
          value: [1, 9, 8, 1, 7],
          expected: [1, 1, 1, 1, 1],
          lower: [0, 0, 0, 0, 0],
          upper: [2, 2, 2, 2, 2],
          score: [0.1, 0.99, 0.97, 0.2, 0.95],
          anomaly: [0, 1, 1, 0, 1],
        },
      ],
      'up'
    );
    expect(anomalyAnnotations(frames)).toEqual([
      {
        time: 2000,
        timeEnd: 3000,
        isRegion: true,
        title: 'Anomaly in {model="m1"}',
        text: '2 points, highest score 0.990, value 9 at start',
        tags: ['anomaly'],
      },
      {
        time: 5000,
        timeEnd: 5000,
        isRegion: false,
        title: 'Anomaly in {model="m1"}',
        text: '1 point, highest score 0.950, value 7 at start',
        tags: ['anomaly'],
      },
    ]);
  });

  it('yields nothing for frames without the anomaly field (drift)', () => {
    expect(anomalyAnnotations([{ name: 'age', fields: [{ name: 'time', values: [1] }] }])).toEqual([]);
  });
});

describe('variable queries', () => {
  it('lists names from string and object resources', () => {
    expect(variableValues(['a', 'b'])).toEqual([
      { text: 'a', value: 'a' },
      { text: 'b', value: 'b' },
    ]);
    expect(variableValues([{ name: 'ewma', default: false }])).toEqual([{ text: 'ewma', value: 'ewma' }]);
    expect(variableValues({ error: 'x' })).toEqual([]);
  });

  it('reads stored queries of any shape', () => {
    expect(normalizeVariableQuery('models')).toEqual({ refId: 'SieveVariableQuery', kind: 'models' });
    expect(normalizeVariableQuery({ refId: 'V', kind: 'detectors' })).toEqual({ refId: 'V', kind: 'detectors' });
    expect(normalizeVariableQuery({ refId: 'V', kind: 'nope' })).toEqual({ refId: 'V', kind: 'features' });
  });
});
