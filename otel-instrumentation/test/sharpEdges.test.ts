import { LABEL, METRICS } from '../src/index.ts';
import { MAX_ERROR_TYPES, OTHER_ERROR_TYPE } from '../src/handles/model.ts';
import { librarySieve } from './support/librarySieve.ts';
import { collect, find, histogram, scalar } from './support/collect.ts';

const sieve = () => librarySieve({ serviceName: 'edges' });

describe('baselines', () => {
  it('categorical: numbers and booleans by their string form; null and NaN skipped and counted', () => {
    const f = sieve().feature('c', { kind: 'categorical', baseline: [1, 1, 2, true, null, NaN, 'a', undefined] });
    expect(f.binSpec).toEqual({ kind: 'categorical', categories: ['1', '2', 'a', 'true'] });
    expect(f.baselineSkipped).toBe(3);
  });

  it('numeric: null, NaN and infinities skipped and counted', () => {
    const f = sieve().feature('n', { baseline: [1, 2, 3, null, NaN, Infinity, 4] });
    expect(f.baselineSkipped).toBe(3);
  });

  it('names the index and the type of a bad entry', () => {
    const values: unknown[] = Array.from({ length: 30 }, (_, i) => i);
    values[17] = 'abc';
    expect(() => sieve().feature('x', { baseline: values as number[] })).toThrow(
      new Error('feature("x"): options.baseline.17: expected a number or null, got string "abc"')
    );
    values[17] = NaN; // missing, as everywhere: skipped and counted, not an error
    expect(sieve().feature('x', { baseline: values as number[] }).baselineSkipped).toBe(1);
    const categories = ['a', 'b', 'c', { id: 1 }, 'd', ['e'], 10n];
    expect(() => sieve().feature('c', { kind: 'categorical', baseline: categories as string[] })).toThrow(
      new Error(
        'feature("c"): options.baseline.3: expected a string, number, boolean or null, got an object; ' +
          'options.baseline.5: expected a string, number, boolean or null, got an array; ' +
          'options.baseline.6: expected a string, number, boolean or null, got a bigint'
      )
    );
    expect(() => sieve().feature('x', { baseline: BigInt64Array.of(1n) as never })).toThrow(
      new Error('feature("x"): options.baseline.0: expected a number or null, got a bigint')
    );
    expect(() => sieve().feature('x', { baseline: '1,2,3' as never })).toThrow(
      new Error('feature("x"): options.baseline: expected an array of numbers (or a typed array), got string "1,2,3"')
    );
    // A sparse baseline is read by its keys: the index of its one bad entry, at once.
    const sparse: unknown[] = [1, 2];
    sparse[2 ** 32 - 2] = true;
    expect(() => sieve().feature('x', { baseline: sparse as number[] })).toThrow(
      new Error('feature("x"): options.baseline.4294967294: expected a number or null, got boolean true')
    );
  });

  it('caps the error message of a huge bad baseline', () => {
    const bad = Array.from({ length: 100_000 }, () => ({ not: 'a category' }));
    let message = '';
    try {
      sieve().feature('c', { kind: 'categorical', baseline: bad as never });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^feature\("c"\): options\.baseline\.0: .*and 99995 more problems$/);
    expect(message.length).toBeLessThan(2000);
  });

  it('cuts a huge name in every setup error', () => {
    const huge = 'p'.repeat(1e6);
    const s = sieve();
    const calls: Array<() => unknown> = [
      () => s.pipeline(huge),
      () => s.feature(huge, { baseline: [1] }),
      () => s.dataset(huge),
      () => s.model(huge),
      () => s.model('m', { version: huge }),
      () => s.feature('f', { baseline: [1], bins: 0, huge } as never),
      () => s.pipeline(123n as never),
    ];
    for (const call of calls) {
      let message = '';
      try {
        call();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toBe('');
      expect(message.length).toBeLessThan(600);
    }
    expect(() => s.pipeline(huge)).toThrow(/^pipeline\("p{64}"… \(1000000 characters\)\): name: Too big/);
    expect(() => s.pipeline(123n as never)).toThrow(/^pipeline\(a bigint\): name: /);
  });

  it('names the argument that was bad', () => {
    expect(() => sieve().pipeline(42 as unknown as string)).toThrow(/^pipeline\(42\): name: /);
    expect(() => sieve().model('m', { version: '' })).toThrow(/^model\("m"\): options\.version: /);
  });
});

describe('regression outcomes', () => {
  it('records the absolute error in a histogram; classification models keep their cells', async () => {
    const s = sieve();
    const r = s.model('fare', { kind: 'regression', errorBuckets: [1, 5] });
    r.recordOutcome({ predicted: 12, actual: 10 });
    r.recordOutcome({ predicted: 3, actual: 10 });
    r.recordOutcome({ predicted: 'x', actual: 10 } as never);
    s.model('cls').recordOutcome({ predicted: 1, actual: 2 });
    const series = await collect(s);
    const h = histogram(series, METRICS.modelAbsoluteError.name, { [LABEL.model]: 'fare' });
    expect([h.counts, h.sum, h.count]).toEqual([[0, 1, 1], 9, 2]);
    const invalid = { [LABEL.metric]: METRICS.modelAbsoluteError.name, [LABEL.reason]: 'wrong_type' };
    expect(scalar(series, METRICS.instrumentationInvalid.name, invalid)).toBe(1);
    const incorrect = { [LABEL.model]: 'cls', [LABEL.outcome]: 'incorrect' };
    expect(scalar(series, METRICS.modelOutcomes.name, incorrect)).toBe(1);
  });
});

describe('fuzz findings', () => {
  it('observeMany({ length: Infinity }) returns and counts a wrong_type', async () => {
    const s = sieve();
    const n = s.feature('n', { baseline: [1, 2, 3] });
    const c = s.feature('c', { kind: 'categorical', baseline: ['a'] });
    n.observeMany({ length: Infinity } as never);
    c.observeMany({ length: 2 ** 40 } as never);
    const series = await collect(s);
    for (const feature of ['n', 'c']) {
      const labels = { [LABEL.feature]: feature, [LABEL.reason]: 'wrong_type' };
      expect(scalar(series, METRICS.featureInvalid.name, labels)).toBe(1);
    }
  });

  it('sparse columns return at once: holes count as missing, the values as values', async () => {
    const s = sieve();
    const n = s.feature('n', { baseline: [1, 2, 3] });
    const c = s.feature('c', { kind: 'categorical', baseline: ['a', 'b'] });
    const d = s.dataset('d');
    const one: unknown[] = [];
    one[2 ** 32 - 2] = 2; // length 2³² − 1, one entry: read index by index, this took 5 minutes
    const late: unknown[] = [1, 'a', null];
    late[1e6 - 1] = 3; // dense start, then a long sparse rest
    const columns: Array<[ArrayLike<unknown>, number, number]> = [
      // column, its holes, its present values other than null
      [one, 2 ** 32 - 2, 1],
      [new Array(2 ** 32 - 1), 2 ** 32 - 1, 0],
      [{ length: 2 ** 32 - 1, 7: 2 }, 2 ** 32 - 2, 1],
      [late, 1e6 - 4, 3],
      [[1, , 3], 1, 2], // eslint-disable-line no-sparse-arrays
    ];
    const started = performance.now();
    for (const [column] of columns) {
      n.observeMany(column);
      c.observeMany(column);
      d.checkColumns({ f: column });
      if (Array.isArray(column)) d.checkRecords(column as object[]);
    }
    d.checkColumns({ g: { length: Infinity } as never }); // never returned before: no column, counted
    expect(performance.now() - started).toBeLessThan(2000);
    const series = await collect(s);
    const holes = columns.reduce((a, [, h]) => a + h, 0);
    const nulls = 1; // `late` holds one null
    expect(scalar(series, METRICS.featureMissing.name, { [LABEL.feature]: 'n' })).toBe(holes + nulls);
    expect(scalar(series, METRICS.featureMissing.name, { [LABEL.feature]: 'c' })).toBe(holes + nulls);
    // The numbers among the entries are binned: 2, 2, (1, 3), (1, 3); 'a' is a wrong type.
    expect(histogram(series, METRICS.featureValue.name, { [LABEL.feature]: 'n' }).count).toBe(6);
    expect(scalar(series, METRICS.featureInvalid.name, { [LABEL.feature]: 'n', [LABEL.reason]: 'wrong_type' })).toBe(1);
    const field = { [LABEL.dataset]: 'd', [LABEL.field]: 'f' };
    expect(scalar(series, METRICS.datasetMissing.name, field)).toBe(holes + nulls);
    // Records: every column's length, plus the records of the arrays (none is a record).
    const lengths = columns.reduce((a, [col]) => a + col.length, 0);
    expect(scalar(series, METRICS.datasetRecords.name, { [LABEL.dataset]: 'd' })).toBe(lengths);
    const notRecords = columns.reduce((a, [col]) => a + (Array.isArray(col) ? col.length : 0), 0);
    const invalid = { [LABEL.metric]: METRICS.datasetRecords.name, [LABEL.reason]: 'wrong_type' };
    expect(scalar(series, METRICS.instrumentationInvalid.name, invalid)).toBe(notRecords + 1);
  });

  it('caps the per-model map of error names', async () => {
    const s = sieve();
    const m = s.model('m');
    for (let i = 0; i < 1000; i++) {
      const e = new Error('x');
      e.name = `E${i}`;
      await m.predict(() => Promise.reject(e)).catch(() => undefined);
    }
    const errors = find(await collect(s), METRICS.modelErrors.name, { [LABEL.model]: 'm' });
    expect(errors).toHaveLength(MAX_ERROR_TYPES + 1);
    const other = errors.find((x) => x.attributes[LABEL.errorType] === OTHER_ERROR_TYPE);
    expect(other?.value).toBe(1000 - MAX_ERROR_TYPES);
  });

  it('never lets a sum or total overflow to +Inf: the overflowing value counts as infinite', async () => {
    const s = sieve();
    const m = s.model('m');
    const f = s.feature('f', { baseline: [1, 2, 3] });
    for (let i = 0; i < 3; i++) {
      m.addCost(1e308);
      m.recordLatency(1e308);
      f.observe(1e308);
      await collect(s);
    }
    const series = await collect(s);
    expect(Number.isFinite(scalar(series, METRICS.modelCost.name))).toBe(true);
    expect(Number.isFinite(histogram(series, METRICS.modelPredictionDuration.name).sum)).toBe(true);
    expect(Number.isFinite(histogram(series, METRICS.featureValue.name).sum)).toBe(true);
    const infinite = (metric: string) =>
      scalar(series, METRICS.instrumentationInvalid.name, { [LABEL.metric]: metric, [LABEL.reason]: 'infinite' });
    expect(infinite(METRICS.modelCost.name)).toBe(2);
    expect(infinite(METRICS.modelPredictionDuration.name)).toBe(2);
    const featureInf = { [LABEL.feature]: 'f', [LABEL.reason]: 'infinite' };
    expect(scalar(series, METRICS.featureInvalid.name, featureInf)).toBeGreaterThanOrEqual(1);
  });
});
