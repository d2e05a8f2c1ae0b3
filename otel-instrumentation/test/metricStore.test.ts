import { LABEL, MAX_LABEL_VALUE_LENGTH, METRICS, OVERFLOW_ATTRIBUTE } from '../src/catalog/index.ts';
import { MetricStore, PushLedger, recordInHistogram } from '../src/store/metricStore.ts';

describe('MetricStore', () => {
  it('binds one cell per label set, built in catalog label order', () => {
    const store = new MetricStore();
    const a = store.counter('pipelineRuns', { [LABEL.outcome]: 'success', [LABEL.pipeline]: 'etl' });
    const b = store.counter('pipelineRuns', { [LABEL.pipeline]: 'etl', [LABEL.outcome]: 'success' });
    expect(a).toBe(b);
    expect(Object.keys(a.attributes)).toEqual([...METRICS.pipelineRuns.labels]);
    expect(Object.isFrozen(a.attributes)).toBe(true);
  });

  it('refuses a label the catalog does not allow for that metric', () => {
    const store = new MetricStore();
    const labels = { [LABEL.pipeline]: 'etl', user_email: 'x@example.com' } as never;
    expect(() => store.counter('pipelineRuns', labels)).toThrow(/label "user_email" is not in the catalog/);
  });

  it('caps label values', () => {
    const store = new MetricStore();
    const cell = store.gauge('featurePsi', { [LABEL.feature]: 'é'.repeat(MAX_LABEL_VALUE_LENGTH + 50) });
    expect(String(cell.attributes[LABEL.feature])).toHaveLength(MAX_LABEL_VALUE_LENGTH);
    // A surrogate pair is never cut in half.
    const emoji = store.gauge('featurePsi', { [LABEL.feature]: `${'a'.repeat(MAX_LABEL_VALUE_LENGTH - 1)}😀` });
    expect(String(emoji.attributes[LABEL.feature])).toBe('a'.repeat(MAX_LABEL_VALUE_LENGTH - 1));
  });

  it('folds histograms past the limit into an overflow series only when their bounds match', () => {
    const store = new MetricStore(2);
    const P = (outcome: string) => ({ [LABEL.pipeline]: 'a', [LABEL.outcome]: outcome });
    const real = store.histogram('pipelineRunDuration', P('success'), [1, 2]);
    const folded = store.histogram('pipelineRunDuration', P('failure'), [1, 2]);
    const other = store.histogram('pipelineRunDuration', P('partial'), [5]);
    expect(folded.attributes).toEqual({ [LABEL.pipeline]: 'a', [OVERFLOW_ATTRIBUTE]: true });
    expect(store.histogram('pipelineRunDuration', P('other'), [1, 2])).toBe(folded);
    expect(other.boundaries).toEqual([5]); // detached: it still bins, but is not exported
    expect([...store.cells('pipelineRunDuration')]).toEqual([real, folded]);
    const overflow = store.counter('instrumentationOverflow', {
      [LABEL.metric]: METRICS.pipelineRunDuration.name,
      [LABEL.pipeline]: 'a',
    });
    expect(overflow.value).toBe(3);
  });

  it('caps the series of a metric over all handles at maxSeries, counted as overflow of the handle', () => {
    const store = new MetricStore(3, 5);
    const field = (dataset: string, f: string) =>
      store.counter('datasetMissing', { [LABEL.dataset]: dataset, [LABEL.field]: f });
    // Five datasets, two fields each: each within its own limit, but the metric holds at most 5.
    const cells = ['a', 'b', 'c', 'd', 'e'].flatMap((d) => [field(d, 'x'), field(d, 'y')]);
    const real = cells.filter((c) => c.attributes[OVERFLOW_ATTRIBUTE] === undefined);
    expect(new Set(real).size).toBe(5);
    expect(cells.at(-1)?.attributes).toEqual({ [LABEL.dataset]: 'e', [OVERFLOW_ATTRIBUTE]: true });
    const overflow = (dataset: string) =>
      store.counter('instrumentationOverflow', {
        [LABEL.metric]: METRICS.datasetMissing.name,
        [LABEL.dataset]: dataset,
      }).value;
    expect(overflow('c')).toBe(1); // c's second field was the sixth series
    expect(overflow('e')).toBe(2);
    // Other metrics have their own ceiling.
    expect(store.counter('datasetRecords', { [LABEL.dataset]: 'e' }).attributes).toEqual({ [LABEL.dataset]: 'e' });
  });

  it('defaults maxSeries to 10 × cardinalityLimit', () => {
    expect(new MetricStore(7).maxSeries).toBe(70);
  });

  it('limits series per handle: one dataset past the limit leaves the others recording', () => {
    const store = new MetricStore(3);
    const field = (dataset: string, f: string) =>
      store.counter('datasetMissing', { [LABEL.dataset]: dataset, [LABEL.field]: f });
    const ids = Array.from({ length: 50 }, (_, i) => field('events', `id_${i}`));
    expect(new Set(ids).size).toBe(3); // 2 real + the overflow series of `events`
    expect(ids.at(-1)?.attributes).toEqual({ [LABEL.dataset]: 'events', [OVERFLOW_ATTRIBUTE]: true });
    // Another dataset gets its own share, whatever `events` did.
    expect(field('orders', 'amount').attributes).toEqual({ [LABEL.dataset]: 'orders', [LABEL.field]: 'amount' });
    expect(field('orders', 'currency').attributes).toEqual({ [LABEL.dataset]: 'orders', [LABEL.field]: 'currency' });
    const overflow = (dataset: string) =>
      store.counter('instrumentationOverflow', {
        [LABEL.metric]: METRICS.datasetMissing.name,
        [LABEL.dataset]: dataset,
      }).value;
    expect([overflow('events'), overflow('orders')]).toEqual([48, 0]);
    expect(store.gauge('instrumentationCardinalityLimit', {}).value).toBe(3);
  });

  it('restores no overflow series: read back without its overflow label it would be a made-up real one', () => {
    const store = new MetricStore();
    store.restore([
      { metric: 'datasetMissing', labels: { [LABEL.dataset]: 'events', otel_metric_overflow: 'true' }, value: 5 },
      { metric: 'datasetMissing', labels: { [LABEL.dataset]: 'events', [LABEL.field]: 'id' }, value: 2 },
    ]);
    expect([...store.cells('datasetMissing')].map((c) => [c.attributes, (c as { value: number }).value])).toEqual([
      [{ [LABEL.dataset]: 'events', [LABEL.field]: 'id' }, 2],
    ]);
  });

  it('keeps a failing collection hook from breaking the others', () => {
    const store = new MetricStore();
    const seen: number[] = [];
    store.onCollect(() => {
      throw new Error('boom');
    });
    store.onCollect((now) => seen.push(now));
    expect(() => store.prepareCollection(42)).not.toThrow();
    expect(seen).toEqual([42]);
  });

  it('rebase: each push carries the group as read plus what this process recorded since its last push', () => {
    const p = { [LABEL.pipeline]: 'etl' };
    const runs = { ...p, [LABEL.outcome]: 'success' };
    const group = (n: number, counts: number[], sum: number) => [
      { metric: 'pipelineRuns' as const, labels: runs, value: n },
      { metric: 'pipelineRunDuration' as const, labels: p, boundaries: [1, 10], counts, sum },
    ];
    const store = new MetricStore();
    const cell = store.counter('pipelineRuns', runs);
    const h = store.histogram('pipelineRunDuration', p, [1, 10]);
    store.restore(group(5, [1, 1, 0], 6)); // read at start
    cell.value += 1;
    recordInHistogram(h, 0.5);
    const ledger = new PushLedger();
    // Another run pushed meanwhile: the group holds 7, not the 5 read at start.
    const commit = store.rebase(group(7, [2, 2, 0], 11), ledger);
    expect(cell.value).toBe(8);
    expect(Array.from(h.counts)).toEqual([3, 2, 0]);
    expect(h.sum).toBe(11.5);
    commit();
    // The next push (shutdown): nothing new here, and the group holds this push plus another run.
    store.rebase(group(9, [3, 3, 0], 20), ledger)(); // pushed: committed
    expect(cell.value).toBe(9);
    expect(Array.from(h.counts)).toEqual([3, 3, 0]);
    // A push that failed is not committed: its increment is carried by the next one.
    cell.value += 1;
    store.rebase(group(9, [3, 3, 0], 20), ledger); // the PUT fails: no commit
    expect(cell.value).toBe(10);
    store.rebase(group(9, [3, 3, 0], 20), ledger);
    expect(cell.value).toBe(10);
    expect(cell.value - (cell.restored ?? 0)).toBe(2); // what this process recorded itself
  });

  it("rebase: gauges not set here take the group's value; timestamps set here never go back", () => {
    const p = { [LABEL.pipeline]: 'etl' };
    const group = (success: number, run: number, fingerprint: number) => [
      { metric: 'pipelineLastSuccess' as const, labels: p, value: success },
      { metric: 'pipelineLastRun' as const, labels: p, value: run },
      { metric: 'datasetSchemaFingerprint' as const, labels: { [LABEL.dataset]: 'd' }, value: fingerprint },
    ];
    const store = new MetricStore();
    const success = store.gauge('pipelineLastSuccess', p);
    const run = store.gauge('pipelineLastRun', p);
    const schema = store.gauge('datasetSchemaFingerprint', { [LABEL.dataset]: 'd' });
    store.restore(group(100, 100, 5)); // read at start
    run.value = 150; // this run failed at 150: last_success not set here
    schema.value = 3;
    // An overlapping run succeeded at 200 and pushed meanwhile.
    store.rebase(group(200, 200, 9), new PushLedger());
    expect(success.value).toBe(200); // not the 100 read at start
    expect(run.value).toBe(200); // a timestamp: not back to 150
    expect(schema.value).toBe(3); // not a timestamp: this run's own
    run.value = 300;
    store.rebase(group(200, 200, 9), new PushLedger());
    expect(run.value).toBe(300);
  });
});
