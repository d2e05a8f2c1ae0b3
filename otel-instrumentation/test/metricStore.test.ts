import { LABEL, MAX_LABEL_VALUE_LENGTH, METRICS, OVERFLOW_ATTRIBUTE } from '../src/catalog/index.ts';
import { MetricStore } from '../src/store/metricStore.ts';

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
    const real = store.histogram('featureValue', { [LABEL.feature]: 'a' }, [1, 2]);
    const folded = store.histogram('featureValue', { [LABEL.feature]: 'b' }, [1, 2]);
    const other = store.histogram('featureValue', { [LABEL.feature]: 'c' }, [5]);
    expect(folded.attributes).toEqual({ [OVERFLOW_ATTRIBUTE]: true });
    expect(store.histogram('featureValue', { [LABEL.feature]: 'd' }, [1, 2])).toBe(folded);
    expect(other.boundaries).toEqual([5]); // detached: it still bins, but is not exported
    expect([...store.cells('featureValue')]).toEqual([real, folded]);
    const overflow = store.counter('instrumentationOverflow', { [LABEL.metric]: METRICS.featureValue.name });
    expect(overflow.value).toBe(3);
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
});
