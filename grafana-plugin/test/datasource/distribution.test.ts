import { OTHER_CATEGORY } from '@sieve/otel-instrumentation/catalog';
import { binCounts, categoryCounts } from '@sieve/scoring';
import {
  alignBins,
  categoricalDistribution,
  countsAt,
  numericDistribution,
  type KeyedSeries,
} from '../../backend/src/datasource/distribution.ts';

/** What a classic Prometheus histogram holds for `values`: one cumulative count per le (value ≤ le). */
function cumulativeBuckets(edges: number[], values: number[]): KeyedSeries {
  const buckets: KeyedSeries = new Map();
  for (const le of [...edges, Infinity]) {
    const name = le === Infinity ? '+Inf' : String(le);
    buckets.set(name, Float64Array.of(values.filter((v) => v <= le).length));
  }
  return buckets;
}

describe('numericDistribution', () => {
  it('turns cumulative le buckets into exactly the bins of scoring.binCounts, edge values included', () => {
    const edges = [-1, 0, 0.5, 2, 10];
    // Values on the edges check the le semantics: a value equal to an edge belongs to the lower bin.
    const values = [-5, -1, -0.5, 0, 0, 0.25, 0.5, 0.5000001, 2, 3, 10, 11, 1e9, -1e9];
    const d = numericDistribution(cumulativeBuckets(edges, values), 1);
    if (typeof d === 'string') throw new Error(d);
    expect(d.edges).toEqual(edges);
    expect(d.bins).toEqual(['-1', '0', '0.5', '2', '10', '+Inf']);
    expect(Array.from(countsAt(d, 0) ?? [])).toEqual(Array.from(binCounts(edges, values)));
  });

  it('sorts buckets numerically, not as strings, and merges spellings of the same edge', () => {
    const buckets: KeyedSeries = new Map([
      ['+Inf', Float64Array.of(10)],
      ['10', Float64Array.of(6)],
      ['2', Float64Array.of(3)],
      ['2.0', Float64Array.of(1)], // a second replica spelling le differently
      ['1e1', Float64Array.of(2)],
    ]);
    const d = numericDistribution(buckets, 1);
    if (typeof d === 'string') throw new Error(d);
    expect(d.edges).toEqual([2, 10]);
    expect(Array.from(countsAt(d, 0) ?? [])).toEqual([4, 4, 2]);
  });

  it('clamps the tiny negative differences increase() extrapolation can produce', () => {
    const d = numericDistribution(
      new Map([
        ['1', Float64Array.of(5.0000001)],
        ['+Inf', Float64Array.of(5)],
      ]),
      1
    );
    if (typeof d === 'string') throw new Error(d);
    expect(Array.from(countsAt(d, 0) ?? [])).toEqual([5.0000001, 0]);
  });

  it('keeps steps without data as gaps and reports a histogram without +Inf', () => {
    const d = numericDistribution(
      new Map([
        ['1', Float64Array.of(1, NaN)],
        ['+Inf', Float64Array.of(2, NaN)],
      ]),
      2
    );
    if (typeof d === 'string') throw new Error(d);
    expect(countsAt(d, 1)).toBeUndefined();
    expect(numericDistribution(new Map([['1', Float64Array.of(1)]]), 1)).toBe('histogram has no +Inf bucket');
    expect(numericDistribution(new Map([['x', Float64Array.of(1)]]), 1)).toBe('bucket le="x" is not a number');
  });
});

describe('categorical distributions', () => {
  it('orders categories by name with __other__ last, as scoring.categoryCounts puts it', () => {
    const values = ['b', 'a', 'zzz', 'b', 'c'];
    const top = ['a', 'b'];
    const counts = categoryCounts(top, values);
    const d = categoricalDistribution(
      new Map([
        [OTHER_CATEGORY, Float64Array.of(counts[2] as number)],
        ['b', Float64Array.of(counts[1] as number)],
        ['a', Float64Array.of(counts[0] as number)],
      ]),
      1
    );
    expect(d.bins).toEqual(['a', 'b', OTHER_CATEGORY]);
    expect(Array.from(countsAt(d, 0) ?? [])).toEqual(Array.from(counts));
  });

  it('unites categories of baseline and current, counting a missing one as 0 only where data exists', () => {
    const reference = categoricalDistribution(new Map([['a', Float64Array.of(5)]]), 1);
    const current = categoricalDistribution(
      new Map([
        ['a', Float64Array.of(1, NaN)],
        ['new', Float64Array.of(2, NaN)],
      ]),
      2
    );
    const aligned = alignBins(reference, current);
    if (typeof aligned === 'string') throw new Error(aligned);
    expect(aligned.reference.bins).toEqual(['a', 'new']);
    expect(Array.from(countsAt(aligned.reference, 0) ?? [])).toEqual([5, 0]);
    expect(Array.from(countsAt(aligned.current, 0) ?? [])).toEqual([1, 2]);
    expect(countsAt(aligned.current, 1)).toBeUndefined();
  });

  it('refuses numeric bins that differ, and mixed kinds', () => {
    const a = numericDistribution(cumulativeBuckets([1, 2], [1]), 1);
    const b = numericDistribution(cumulativeBuckets([1, 3], [1]), 1);
    if (typeof a === 'string' || typeof b === 'string') throw new Error('bad fixture');
    expect(alignBins(a, b)).toMatch(
      /^bin edges differ between baseline \(1, 2, \+Inf\) and current data \(1, 3, \+Inf\)/
    );
    expect(alignBins(a, categoricalDistribution(new Map([['x', Float64Array.of(1)]]), 1))).toBe(
      'baseline is numeric but current data is categorical'
    );
  });
});
