import { LABEL, METRICS, OTHER_CATEGORY, OVERFLOW_ATTRIBUTE, startSieve, type Sieve } from '../src/index.ts';
import { collect, find, histogram, scalar } from './support/collect.ts';

const manual = (): Sieve => startSieve({ serviceName: 'test', prometheus: false });
const P = (outcome: string) => ({ [LABEL.pipeline]: 'etl', [LABEL.outcome]: outcome });

describe('pipeline', () => {
  it('run() records outcome, duration, rows and last success; a throw is a failure, rethrown unchanged', async () => {
    const s = manual();
    const p = s.pipeline('etl');
    const before = Date.now() / 1000;
    expect(
      await p.run(async (run) => {
        run.rowsRead(100);
        run.rowsWritten(97);
        run.rowsDropped(3);
        await new Promise((r) => setTimeout(r, 30));
        return 'done';
      })
    ).toBe('done');
    const boom = new RangeError('upstream gone');
    await expect(p.run(() => Promise.reject(boom))).rejects.toBe(boom);
    expect(await p.run((run) => (run.markPartial(), 7))).toBe(7);

    const series = await collect(s);
    for (const o of ['success', 'failure', 'partial']) expect(scalar(series, METRICS.pipelineRuns.name, P(o))).toBe(1);
    const rows = (kind: string) =>
      scalar(series, METRICS.pipelineRows.name, { [LABEL.pipeline]: 'etl', [LABEL.rowKind]: kind });
    expect([rows('read'), rows('written'), rows('dropped')]).toEqual([100, 97, 3]);
    const d = histogram(series, METRICS.pipelineRunDuration.name, P('success'));
    expect(d.count).toBe(1);
    expect(d.sum).toBeGreaterThanOrEqual(0.025);
    const lastSuccess = scalar(series, METRICS.pipelineLastSuccess.name, { [LABEL.pipeline]: 'etl' });
    const lastRun = scalar(series, METRICS.pipelineLastRun.name, { [LABEL.pipeline]: 'etl' });
    expect(lastSuccess).toBeGreaterThanOrEqual(before);
    expect(lastRun).toBeGreaterThanOrEqual(lastSuccess);
  });

  it('start()/end() records the given outcome once; a failure does not move last success', async () => {
    const s = manual();
    const p = s.pipeline('etl');
    const run = p.start();
    run.rowsRead(10);
    run.end('failure');
    run.end('success');
    const series = await collect(s);
    expect(scalar(series, METRICS.pipelineRuns.name, P('failure'))).toBe(1);
    expect(scalar(series, METRICS.pipelineRuns.name, P('success'))).toBe(0);
    expect(find(series, METRICS.pipelineLastSuccess.name)).toHaveLength(0);
    expect(find(series, METRICS.pipelineLastRun.name)).toHaveLength(1);
  });
});

describe('model', () => {
  const MV = { [LABEL.model]: 'clf', [LABEL.version]: '3' };

  it('predict() times and counts predictions, counts errors by type and rethrows them unchanged', async () => {
    const s = manual();
    const m = s.model('clf', { version: '3' });
    expect(await m.predict(async () => (await new Promise((r) => setTimeout(r, 20)), 0.9))).toBe(0.9);
    expect(await m.predict(() => 'sync')).toBe('sync');
    const err = new TypeError('bad input');
    await expect(m.predict(() => Promise.reject(err))).rejects.toBe(err);
    await expect(
      m.predict(() => {
        throw 'a string';
      })
    ).rejects.toBe('a string');
    const series = await collect(s);
    expect(scalar(series, METRICS.modelPredictions.name, MV)).toBe(4);
    expect(scalar(series, METRICS.modelErrors.name, { ...MV, [LABEL.errorType]: 'TypeError' })).toBe(1);
    expect(scalar(series, METRICS.modelErrors.name, { ...MV, [LABEL.errorType]: 'non_error' })).toBe(1);
    const latency = histogram(series, METRICS.modelPredictionDuration.name, MV);
    expect(latency.count).toBe(4);
    expect(latency.sum).toBeGreaterThanOrEqual(0.015);
  });

  it('records latency, scores, outcomes (confusion matrix and multiclass) and cost', async () => {
    const s = manual();
    const m = s.model('clf', { version: '3', scoreBuckets: [0.5, 1] });
    m.recordLatency(0.2);
    m.recordScore(0.3);
    m.recordScore(0.7);
    m.recordScore(0.5);
    m.recordOutcome({ predicted: true, actual: true });
    m.recordOutcome({ predicted: true, actual: false });
    m.recordOutcome({ predicted: false, actual: false });
    m.recordOutcome({ predicted: false, actual: true });
    m.recordOutcome({ predicted: 'cat', actual: 'cat' });
    m.recordOutcome({ predicted: 2, actual: 3 });
    m.recordOutcome({ predicted: 1, actual: 1 }); // two numbers are classes, even 0/1
    m.recordOutcome({ predicted: true, actual: 1 }); // a boolean against a 0/1 label is binary
    m.recordOutcome({ predicted: false, actual: 0 });
    m.recordOutcome({ predicted: true, actual: 'yes' }); // neither: rejected
    m.recordOutcome('tp');
    m.addCost(0.002);
    m.addCost(0.001);
    const series = await collect(s);
    const o = (outcome: string) => scalar(series, METRICS.modelOutcomes.name, { ...MV, [LABEL.outcome]: outcome });
    expect([o('tp'), o('fp'), o('tn'), o('fn'), o('correct'), o('incorrect')]).toEqual([3, 1, 2, 1, 2, 1]);
    const rejected = { [LABEL.metric]: METRICS.modelOutcomes.name, [LABEL.reason]: 'wrong_type' };
    expect(scalar(series, METRICS.instrumentationInvalid.name, rejected)).toBe(1);
    expect(histogram(series, METRICS.modelScore.name, MV).counts).toEqual([2, 1, 0]);
    expect(histogram(series, METRICS.modelPredictionDuration.name, MV).sum).toBeCloseTo(0.2, 12);
    expect(scalar(series, METRICS.modelCost.name, MV)).toBeCloseTo(0.003, 12);
  });
});

describe('dataset', () => {
  const D = (field?: string) =>
    field ? { [LABEL.dataset]: 'flights', [LABEL.field]: field } : { [LABEL.dataset]: 'flights' };

  it('counts records, missing values and type violations per field against the declared schema', async () => {
    const s = manual();
    const d = s.dataset('flights', { schema: { delay: 'number', origin: 'string' } });
    d.checkRecords([
      { delay: 5, origin: 'SEA' },
      { delay: null, origin: 'SFO' },
      { delay: NaN, origin: 42 },
      { origin: undefined },
      { delay: '7', origin: 'LAX' },
    ]);
    const series = await collect(s);
    expect(scalar(series, METRICS.datasetRecords.name, D())).toBe(5);
    expect(scalar(series, METRICS.datasetMissing.name, D('delay'))).toBe(3);
    expect(scalar(series, METRICS.datasetMissing.name, D('origin'))).toBe(1);
    expect(scalar(series, METRICS.datasetTypeViolations.name, D('delay'))).toBe(1);
    expect(scalar(series, METRICS.datasetTypeViolations.name, D('origin'))).toBe(1);
  });

  it('counts stray values of another type as violations, not as a schema change', async () => {
    const s = manual();
    const d = s.dataset('flights', { schema: { delay: 'number' } });
    d.checkRecords([{ delay: 'late' }, { delay: 3 }, { delay: 4 }]);
    let series = await collect(s);
    expect(scalar(series, METRICS.datasetTypeViolations.name, D('delay'))).toBe(1);
    expect(scalar(series, METRICS.datasetSchemaChanges.name, D())).toBe(0);
    d.checkRecords([{ delay: 'late' }, { delay: 'early' }]); // every value a string: retyped
    series = await collect(s);
    expect(scalar(series, METRICS.datasetTypeViolations.name, D('delay'))).toBe(3);
    expect(scalar(series, METRICS.datasetSchemaChanges.name, D())).toBe(1);
  });

  it('checks columns the same way, shorter columns counting as missing', async () => {
    const s = manual();
    const d = s.dataset('flights');
    d.checkColumns({ delay: Float64Array.from([1, NaN, 3, 4]), origin: ['SEA', null, 'SFO'] });
    const series = await collect(s);
    expect(scalar(series, METRICS.datasetRecords.name, D())).toBe(4);
    expect(scalar(series, METRICS.datasetMissing.name, D('delay'))).toBe(1);
    expect(scalar(series, METRICS.datasetMissing.name, D('origin'))).toBe(2);
  });

  it('learns the schema from the first batch and counts fields added, removed or retyped', async () => {
    const s = manual();
    const d = s.dataset('flights');
    d.checkRecords([{ a: 1, b: 'x' }]);
    const first = scalar(await collect(s), METRICS.datasetSchemaFingerprint.name, D());
    d.checkRecords([
      { a: 2, b: 'y' },
      { a: null, b: 'z' },
    ]); // same schema (a null is no change)
    let series = await collect(s);
    expect(scalar(series, METRICS.datasetSchemaChanges.name, D())).toBe(0);
    expect(scalar(series, METRICS.datasetSchemaFingerprint.name, D())).toBe(first);
    d.checkRecords([{ a: '1', c: true }]); // a retyped, b removed, c added
    series = await collect(s);
    expect(scalar(series, METRICS.datasetSchemaChanges.name, D())).toBe(3);
    expect(scalar(series, METRICS.datasetSchemaFingerprint.name, D())).not.toBe(first);
    // b disappeared: its records count as missing.
    expect(scalar(series, METRICS.datasetMissing.name, D('b'))).toBe(1);
    d.checkRecords([{ a: '2', c: false }]); // stable again
    expect(scalar(await collect(s), METRICS.datasetSchemaChanges.name, D())).toBe(3);
  });

  it.each(['records', 'columns'] as const)(
    'with a declared schema, an undeclared field that vanishes is a schema change, not missing values (%s)',
    async (shape) => {
      const s = manual();
      const d = s.dataset('flights', { schema: { delay: 'number' } });
      const check = (rows: Array<Record<string, unknown>>) =>
        shape === 'records'
          ? d.checkRecords(rows)
          : d.checkColumns(Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, rows.map((r) => r[k])])));
      check([{ delay: 1, tail_number: 'N1' }]); // an extra field appears: a change
      check([{ delay: 2 }, { delay: 3 }]); // and is gone again: a change; the dataset never declared it
      const series = await collect(s);
      expect(scalar(series, METRICS.datasetSchemaChanges.name, D())).toBe(2);
      expect(scalar(series, METRICS.datasetMissing.name, D('tail_number'))).toBe(0);
      // A declared field that vanishes is still missing in every record.
      check([{ tail_number: 'N2' }]);
      expect(scalar(await collect(s), METRICS.datasetMissing.name, D('delay'))).toBe(1);
    }
  );
});

describe('labels: allow-list, length cap, cardinality limit', () => {
  it('caps label values at MAX_LABEL_VALUE_LENGTH', async () => {
    const s = manual();
    const long = 'c'.repeat(500);
    s.feature('f', { kind: 'categorical', baseline: [long] }).observe(long);
    const series = await collect(s);
    const cats = find(series, METRICS.featureCategory.name).map((x) => String(x.attributes[LABEL.category]));
    expect(cats).toEqual(['c'.repeat(128), OTHER_CATEGORY]);
    expect(scalar(series, METRICS.featureCategory.name, { [LABEL.category]: 'c'.repeat(128) })).toBe(1);
  });

  it('emits only the catalog labels of each metric', async () => {
    const s = manual();
    s.pipeline('p').start().end('success');
    s.feature('f', { baseline: [1, 2] }).observe(1);
    s.feature('c', { kind: 'categorical', baseline: ['a'] }).observe('a');
    s.dataset('d').checkRecords([{ x: 1 }]);
    await s
      .model('m')
      .predict(() => Promise.reject(new Error('x')))
      .catch(() => undefined);
    const collected = await collect(s);
    // Every handle kind above must have produced series, or the loop below would check nothing.
    for (const name of [
      METRICS.pipelineRuns.name,
      METRICS.featureValue.name,
      METRICS.featureCategory.name,
      METRICS.datasetRecords.name,
      METRICS.modelErrors.name,
    ]) {
      expect(collected.map((x) => x.name)).toContain(name);
    }
    for (const x of collected) {
      const def = Object.values(METRICS).find((m) => m.name === x.name);
      expect(def).toBeDefined();
      for (const k of Object.keys(x.attributes)) expect(def?.labels).toContain(k);
    }
  });

  it('folds series past the limit into one otel.metric.overflow series and counts them', async () => {
    const s = startSieve({ serviceName: 'test', prometheus: false, cardinalityLimit: 5 });
    const d = s.dataset('wide');
    d.checkRecords([Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`field_${i}`, null]))]);
    const series = await collect(s);
    const missing = find(series, METRICS.datasetMissing.name);
    expect(missing).toHaveLength(5); // 4 real + 1 overflow, as the OTel SDK counts a limit
    const overflow = find(series, METRICS.datasetMissing.name, { [OVERFLOW_ATTRIBUTE]: true });
    expect(overflow).toHaveLength(1);
    expect(overflow[0]?.value).toBe(6);
    expect(scalar(series, METRICS.instrumentationOverflow.name, { [LABEL.metric]: METRICS.datasetMissing.name })).toBe(
      6
    );
  });

  it('caps a metric over all handles at maxSeries: many small datasets stay bounded', async () => {
    const s = startSieve({ serviceName: 'test', prometheus: false, cardinalityLimit: 5, maxSeries: 6 });
    for (let i = 0; i < 4; i++) s.dataset(`d${i}`).checkRecords([{ a: null, b: null }]);
    const series = await collect(s);
    const missing = find(series, METRICS.datasetMissing.name);
    expect(missing.filter((m) => m.attributes[OVERFLOW_ATTRIBUTE] === undefined)).toHaveLength(6);
    expect(find(series, METRICS.datasetMissing.name, { [LABEL.dataset]: 'd3', [OVERFLOW_ATTRIBUTE]: true })).toEqual([
      expect.objectContaining({ value: 2 }),
    ]);
    const overflow = { [LABEL.metric]: METRICS.datasetMissing.name, [LABEL.dataset]: 'd3' };
    expect(scalar(series, METRICS.instrumentationOverflow.name, overflow)).toBe(2);
  });

  it('caps per dataset and per feature: id-like keys in one dataset do not stop the others', async () => {
    const s = startSieve({ serviceName: 'test', prometheus: false, cardinalityLimit: 5 });
    s.dataset('events').checkRecords([Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`user_${i}`, 1]))]);
    s.dataset('orders').checkRecords([{ amount: null, currency: 'EUR', country: null }]);
    // A feature with more categories than the limit folds only its own.
    const big = Array.from({ length: 20 }, (_, i) => `c${i}`);
    s.feature('wide', { kind: 'categorical', baseline: big, topK: 20 }).observeMany(big);
    s.feature('narrow', { kind: 'categorical', baseline: ['a', 'b'] }).observeMany(['a', 'b', 'b']);
    const series = await collect(s);
    const D = LABEL.dataset;
    expect(scalar(series, METRICS.datasetMissing.name, { [D]: 'orders', [LABEL.field]: 'amount' })).toBe(1);
    expect(scalar(series, METRICS.datasetMissing.name, { [D]: 'orders', [LABEL.field]: 'country' })).toBe(1);
    expect(find(series, METRICS.datasetMissing.name, { [D]: 'orders', [OVERFLOW_ATTRIBUTE]: true })).toHaveLength(0);
    expect(find(series, METRICS.datasetMissing.name, { [D]: 'events', [OVERFLOW_ATTRIBUTE]: true })).toHaveLength(1);
    const overflowOf = (attrs: Record<string, string>) =>
      find(series, METRICS.instrumentationOverflow.name, attrs).reduce((n, x) => n + (x.value as number), 0);
    expect(overflowOf({ [LABEL.metric]: METRICS.datasetMissing.name, [D]: 'events' })).toBe(96);
    expect(overflowOf({ [D]: 'orders' })).toBe(0);
    // Categories: `narrow` keeps all of its own; `wide` folds past its 4 real series.
    const category = (f: string, c: string) =>
      scalar(series, METRICS.featureCategory.name, { [LABEL.feature]: f, [LABEL.category]: c });
    expect([category('narrow', 'a'), category('narrow', 'b')]).toEqual([1, 2]);
    expect(find(series, METRICS.featureCategory.name, { [LABEL.feature]: 'wide' })).toHaveLength(5);
    expect(overflowOf({ [LABEL.metric]: METRICS.featureCategory.name, [LABEL.feature]: 'narrow' })).toBe(0);
    expect(overflowOf({ [LABEL.metric]: METRICS.featureCategory.name, [LABEL.feature]: 'wide' })).toBeGreaterThan(0);
    expect(scalar(series, METRICS.instrumentationCardinalityLimit.name)).toBe(5);
  });
});
