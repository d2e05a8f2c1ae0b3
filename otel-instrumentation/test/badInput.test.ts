import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INVALID_REASONS,
  LABEL,
  METRICS,
  saveBaseline,
  startSieve,
  type FeatureOptions,
  type Sieve,
} from '../src/index.ts';
import { librarySieve } from './support/librarySieve.ts';
import { collect, scalar } from './support/collect.ts';

const manual = (): Sieve => librarySieve({ serviceName: 'test' });
const invalid = (metric: string, reason: string) => ({ [LABEL.metric]: metric, [LABEL.reason]: reason });

/** Values a careless or hostile caller might pass; none may throw. */
const throwingGetter = Object.defineProperty({}, 'x', {
  get() {
    throw new Error('getter');
  },
  enumerable: true,
});
const throwingProxy = new Proxy([], {
  get() {
    throw new Error('proxy');
  },
});
const weird: unknown[] = [
  NaN,
  Infinity,
  -Infinity,
  null,
  undefined,
  'x',
  '',
  true,
  10n,
  Symbol('s'),
  {},
  [],
  () => 1,
  new Date(),
  {
    valueOf: () => {
      throw new Error('valueOf');
    },
  },
  throwingGetter,
  throwingProxy,
  -1,
  -0,
  Number.MAX_VALUE,
];

describe('the hot path never throws', () => {
  it('feature.observe and observeMany count NaN, ±Infinity, null/undefined and wrong types', async () => {
    const s = manual();
    const f = s.feature('x', { baseline: [1, 2, 3] });
    const c = s.feature('c', { kind: 'categorical', baseline: ['a'] });
    for (const v of weird) {
      expect(() => f.observe(v)).not.toThrow();
      expect(() => c.observe(v)).not.toThrow();
    }
    for (const col of [weird, null, undefined, 5, 'abc', throwingProxy, {}, Float64Array.from([NaN, Infinity, 1])]) {
      expect(() => f.observeMany(col as ArrayLike<unknown>)).not.toThrow();
      expect(() => c.observeMany(col as ArrayLike<unknown>)).not.toThrow();
    }
    const series = await collect(s);
    const F = (name: string, reason?: string) =>
      scalar(
        series,
        reason ? METRICS.featureInvalid.name : METRICS.featureMissing.name,
        reason ? { [LABEL.feature]: name, [LABEL.reason]: reason } : { [LABEL.feature]: name }
      );
    // `weird` twice (observe, observeMany) for the numeric feature, plus the Float64Array's NaN and Infinity.
    expect(F('x')).toBe(4); // null, undefined ×2
    expect(F('x', 'nan')).toBe(3);
    // 5 infinities, and Number.MAX_VALUE twice: the sum would overflow to +Inf, counted as one more.
    expect(F('x', 'infinite')).toBe(6);
    // 12 wrong-typed values ×2; null, undefined and the throwing Proxy as columns; 'abc' is array-like: 3 more.
    expect(F('x', 'wrong_type')).toBe(24 + 3 + 3);
    // Numbers are valid categories (matched by string form): only non-finite numbers are invalid.
    expect(F('c', 'nan')).toBe(3);
    expect(F('c', 'infinite')).toBe(5);
  });

  it('pipelines count negative, NaN and non-number row counts and unknown outcomes', async () => {
    const s = manual();
    const p = s.pipeline('etl');
    const run = p.start();
    for (const v of weird) expect(() => run.rowsRead(v as number)).not.toThrow();
    run.rowsRead(5);
    expect(() => run.end('exploded' as 'success')).not.toThrow();
    expect(() => run.end('success')).not.toThrow(); // ignored: already ended
    const series = await collect(s);
    expect(scalar(series, METRICS.pipelineRows.name, { [LABEL.pipeline]: 'etl', [LABEL.rowKind]: 'read' })).toBe(
      5 + Number.MAX_VALUE
    );
    const rows = METRICS.pipelineRows.name;
    expect(scalar(series, METRICS.instrumentationInvalid.name, invalid(rows, 'negative'))).toBe(1);
    expect(scalar(series, METRICS.instrumentationInvalid.name, invalid(rows, 'nan'))).toBe(1);
    expect(scalar(series, METRICS.instrumentationInvalid.name, invalid(rows, 'infinite'))).toBe(2);
    // An unknown outcome must not pass for a success.
    expect(scalar(series, METRICS.pipelineRuns.name, { [LABEL.pipeline]: 'etl', [LABEL.outcome]: 'failure' })).toBe(1);
    expect(scalar(series, METRICS.pipelineRuns.name, { [LABEL.pipeline]: 'etl', [LABEL.outcome]: 'success' })).toBe(0);
    expect(scalar(series, METRICS.instrumentationInvalid.name, invalid(METRICS.pipelineRuns.name, 'wrong_type'))).toBe(
      1
    );
  });

  it('models count negative durations, bad scores, bad outcomes and bad costs', async () => {
    const s = manual();
    const m = s.model('clf', { version: '1' });
    for (const v of weird) {
      expect(() => m.recordLatency(v as number)).not.toThrow();
      expect(() => m.recordScore(v as number)).not.toThrow();
      expect(() => m.addCost(v as number)).not.toThrow();
      expect(() => m.recordOutcome(v as 'tp')).not.toThrow();
      expect(() => m.recordOutcome({ predicted: v, actual: v })).not.toThrow();
    }
    const series = await collect(s);
    const bad = (metric: string, reason: string) =>
      scalar(series, METRICS.instrumentationInvalid.name, invalid(metric, reason));
    expect(bad(METRICS.modelPredictionDuration.name, 'negative')).toBe(1);
    expect(bad(METRICS.modelPredictionDuration.name, 'nan')).toBe(1);
    expect(bad(METRICS.modelScore.name, 'negative')).toBe(0); // scores may be negative (logits)
    expect(bad(METRICS.modelCost.name, 'negative')).toBe(1);
    expect(bad(METRICS.modelCost.name, 'infinite')).toBe(2);
    expect(bad(METRICS.modelOutcomes.name, 'wrong_type')).toBeGreaterThan(0);
  });

  it('datasets count non-record input instead of throwing', async () => {
    const s = manual();
    const d = s.dataset('t');
    for (const v of weird) {
      expect(() => d.checkRecords(v as [])).not.toThrow();
      expect(() => d.checkRecords([v as Record<string, unknown>])).not.toThrow();
      expect(() => d.checkColumns(v as Record<string, ArrayLike<unknown>>)).not.toThrow();
      expect(() => d.checkColumns({ a: v as ArrayLike<unknown> })).not.toThrow();
    }
    const series = await collect(s);
    expect(
      scalar(series, METRICS.instrumentationInvalid.name, invalid(METRICS.datasetRecords.name, 'wrong_type'))
    ).toBeGreaterThan(0);
  });

  it('uses only the closed set of reasons', async () => {
    const s = manual();
    s.feature('x', { baseline: [1] }).observe(NaN);
    s.model('m').recordLatency(-1);
    const reasons = (await collect(s)).map((x) => x.attributes[LABEL.reason]).filter((r) => r !== undefined);
    // Both kinds of invalid counter are present, so the check below is not vacuous.
    expect(reasons).toEqual(expect.arrayContaining(['nan', 'negative']));
    for (const r of reasons) expect(INVALID_REASONS).toContain(r);
  });
});

describe('setup errors throw at once and name the field', () => {
  const s = manual();
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['no serviceName', () => startSieve({} as never), /options\.serviceName/],
    ['empty serviceName', () => startSieve({ serviceName: '' }), /options\.serviceName/],
    [
      'port out of range',
      () => startSieve({ serviceName: 'x', prometheus: { port: 70000 } }),
      /options\.prometheus\.port/,
    ],
    [
      'port as a string',
      () => startSieve({ serviceName: 'x', prometheus: { port: '9464' as never } }),
      /startSieve: options\.prometheus\.port: Invalid input: expected number, received string$/,
    ],
    [
      'port not an integer',
      () => startSieve({ serviceName: 'x', prometheus: { port: 1.5 } }),
      /startSieve: options\.prometheus\.port: Invalid input: expected int/,
    ],
    [
      'unknown key under prometheus',
      () => startSieve({ serviceName: 'x', prometheus: { prot: 9464 } as never }),
      /options\.prometheus: Unrecognized key: "prot"/,
    ],
    [
      'prometheus: true',
      () => startSieve({ serviceName: 'x', prometheus: true as never }),
      /options\.prometheus: expected false or an object \{ host\?, port\? \}, got true/,
    ],
    ['unknown option', () => startSieve({ serviceName: 'x', prometheus: false, colour: 1 } as never), /colour/],
    ['bad otlp url', () => startSieve({ serviceName: 'x', otlp: { url: 'not a url' } }), /options\.otlp\.url/],
    [
      'cardinality limit < 2',
      () => startSieve({ serviceName: 'x', prometheus: false, cardinalityLimit: 1 }),
      /options\.cardinalityLimit/,
    ],
    ['maxSeries 0', () => startSieve({ serviceName: 'x', prometheus: false, maxSeries: 0 }), /options\.maxSeries/],
    ['psi window 0', () => startSieve({ serviceName: 'x', prometheus: false, psiWindowMs: 0 }), /options\.psiWindowMs/],
    [
      'meterProvider with prometheus',
      () => startSieve({ serviceName: 'x', meterProvider: new MeterProvider(), prometheus: {} }),
      /options\.meterProvider/,
    ],
    [
      'not a meterProvider',
      () => startSieve({ serviceName: 'x', meterProvider: {} as never }),
      /options\.meterProvider/,
    ],
    [
      'empty numeric baseline',
      () => s.feature('a', { baseline: [] }),
      /feature\("a"\): options\.baseline: baseline is empty/,
    ],
    ['empty typed baseline', () => s.feature('a', { baseline: new Float64Array(0) }), /options\.baseline/],
    [
      'baseline without a finite number',
      () => s.feature('a', { baseline: [NaN, Infinity] }),
      /options\.baseline.*finite/,
    ],
    ['baseline of strings', () => s.feature('a', { baseline: ['1'] as never }), /options\.baseline/],
    ['no options', () => s.feature('a', undefined as never), /feature\("a"\)/],
    ['bins 0', () => s.feature('a', { baseline: [1], bins: 0 }), /options\.bins/],
    [
      'bins and edges',
      () => s.feature('a', { baseline: [1], bins: 3, edges: [1, 2] }),
      /options\.edges: give bins or edges/,
    ],
    [
      'edges not increasing',
      () => s.feature('a', { baseline: [1], edges: [2, 1] }),
      /options\.edges: must be strictly increasing/,
    ],
    ['edges not finite', () => s.feature('a', { baseline: [1], edges: [1, Infinity] }), /options\.edges/],
    ['empty categorical baseline', () => s.feature('a', { kind: 'categorical', baseline: [] }), /options\.baseline/],
    ['topK 0', () => s.feature('a', { kind: 'categorical', baseline: ['x'], topK: 0 }), /options\.topK/],
    ['empty feature name', () => s.feature('', { baseline: [1] }), /feature\(""\): name: /],
    ['over-long name', () => s.pipeline('p'.repeat(200)), /pipeline\(/],
    ['bad schema type', () => s.dataset('d', { schema: { a: 'int' as never } }), /options\.schema\.a/],
    ['empty model version', () => s.model('m', { version: '' }), /options\.version/],
    ['bad latency buckets', () => s.model('m', { latencyBuckets: [1, 1] }), /options\.latencyBuckets/],
    ['bad duration buckets', () => s.pipeline('p', { durationBuckets: [] }), /options\.durationBuckets/],
  ];
  it.each(cases)('%s', (_what, fn, message) => {
    expect(fn).toThrow(message);
  });

  it('run(42) and predict(42) reject naming the argument, and count neither a run nor a prediction', async () => {
    const s = manual();
    const p = s.pipeline('etl');
    const m = s.model('clf');
    await expect(p.run(42 as never)).rejects.toThrow(
      new TypeError('pipeline("etl").run: fn: expected a function, got 42')
    );
    await expect(m.predict('x' as never)).rejects.toThrow(
      new TypeError('model("clf").predict: fn: expected a function, got "x"')
    );
    const series = await collect(s);
    for (const outcome of ['success', 'failure', 'partial']) {
      expect(scalar(series, METRICS.pipelineRuns.name, { [LABEL.pipeline]: 'etl', [LABEL.outcome]: outcome })).toBe(0);
    }
    expect(scalar(series, METRICS.modelPredictions.name, { [LABEL.model]: 'clf' })).toBe(0);
    expect(series.filter((x) => x.name === METRICS.modelErrors.name)).toEqual([]);
  });

  it('names the feature kinds there are when kind is mistyped, and nothing else', () => {
    const d = manual();
    const typo = { kind: 'categorial', baseline: ['a', 'b'] } as unknown as FeatureOptions;
    expect(() => d.feature('x', typo)).toThrow(
      new Error('feature("x"): options.kind: expected "numeric" or "categorical", got "categorial"')
    );
    expect(() => d.feature('x', { kind: 7, baseline: [1] } as unknown as FeatureOptions)).toThrow(
      new Error('feature("x"): options.kind: expected "numeric" or "categorical", got 7')
    );
    expect(() => saveBaseline(join(tmpdir(), 'sieve-never-written.json'), typo)).toThrow(
      /^saveBaseline\(".*"\): source\.kind: expected "numeric" or "categorical", got "categorial"$/
    );
    // The two real kinds still pass; the rejected name stays free.
    expect(d.feature('x', { kind: 'numeric', baseline: [1, 2] }).name).toBe('x');
    expect(d.feature('y', { kind: 'categorical', baseline: ['a'] }).name).toBe('y');
  });

  it('does not take the name of a handle whose options were rejected', () => {
    const d = manual();
    expect(() => d.feature('trip', { baseline: [NaN] })).toThrow(/finite/);
    expect(d.feature('trip', { baseline: [1, 2] }).name).toBe('trip');
  });

  it('rejects duplicate names per kind, and allows the same name across kinds', () => {
    const d = manual();
    d.feature('trip', { baseline: [1] });
    expect(() => d.feature('trip', { kind: 'categorical', baseline: ['a'] })).toThrow(
      /feature\("trip"\): .*already exists/
    );
    d.pipeline('etl');
    expect(() => d.pipeline('etl')).toThrow(/already exists/);
    d.dataset('etl');
    expect(() => d.dataset('etl')).toThrow(/already exists/);
    d.model('m', { version: '1' });
    d.model('m', { version: '2' }); // a canary serves two versions of one model
    expect(() => d.model('m', { version: '2' })).toThrow(/model\("m"\) version "2": .*already exists/);
  });
});
