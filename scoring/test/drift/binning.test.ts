import {
  binCounts,
  binIndex,
  categoryCounts,
  equalWidthEdges,
  quantileEdges,
  sturgesEdges,
  topKCategories,
} from '../../src/drift/index.ts';

describe('quantileEdges', () => {
  it('returns the 9 interior deciles of 0…100 (linear interpolation)', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(quantileEdges(values)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('interpolates between order statistics like numpy.quantile', () => {
    // numpy.quantile([1, 2, 3, 4], [1/3, 2/3]) = [2.0, 3.0]; [0.25, 0.5, 0.75] → [1.75, 2.5, 3.25].
    expect(quantileEdges([4, 1, 3, 2], 4)).toEqual([1.75, 2.5, 3.25]);
    expect(quantileEdges([4, 1, 3, 2], 3)).toEqual([2, 3]);
  });

  it('deduplicates edges of discrete data and ignores non-finite values', () => {
    expect(quantileEdges([1, 1, 1, 2, 2, NaN, Infinity], 4)).toEqual([1, 2]);
    expect(quantileEdges([5, 5, 5])).toEqual([5]);
  });

  it('throws on empty input, no finite values or a bad bin count', () => {
    expect(() => quantileEdges([])).toThrow(/empty/);
    expect(() => quantileEdges([NaN, -Infinity])).toThrow(/no finite/);
    expect(() => quantileEdges([1, 2], 0)).toThrow(/bins/);
    expect(() => quantileEdges([1, 2], 2.5)).toThrow(/bins/);
  });
});

describe('equal-width and Sturges edges', () => {
  it('splits the reference range into equal widths', () => {
    expect(equalWidthEdges([0, 10, 5], 5)).toEqual([2, 4, 6, 8]);
    expect(equalWidthEdges([3, 3], 5)).toEqual([3]);
    expect(() => equalWidthEdges([NaN])).toThrow(/no finite/);
  });

  it('uses ceil(log2 n + 1) bins', () => {
    // n = 16 → log2 16 + 1 = 5 bins → 4 interior edges.
    const values = Array.from({ length: 16 }, (_, i) => i);
    const edges = sturgesEdges(values);
    expect(edges).toHaveLength(4);
    expect(edges[0]).toBeCloseTo(3, 12);
    // n = 17 → ceil(5.09) = 6 bins.
    expect(sturgesEdges(Array.from({ length: 17 }, (_, i) => i))).toHaveLength(5);
  });
});

describe('binIndex (Prometheus le semantics)', () => {
  const edges = [1, 2, 3];
  it.each([
    [-Infinity, 0],
    [0, 0],
    [1, 0], // equal to an edge → lower bin
    [1.5, 1],
    [2, 1],
    [3, 2],
    [3.0001, 3],
    [Infinity, 3],
    [NaN, -1],
  ])('value %p → bin %p', (value, bin) => {
    expect(binIndex(edges, value)).toBe(bin);
  });

  it('puts everything in bin 0 when there are no edges', () => {
    expect(binIndex([], 42)).toBe(0);
  });
});

describe('binCounts', () => {
  it('counts values per bin and skips non-finite values', () => {
    expect(Array.from(binCounts([1, 2], [0, 1, 1.5, 2, 2.5, 9, NaN, Infinity]))).toEqual([2, 2, 2]);
  });

  it('rejects edges that are not strictly increasing', () => {
    expect(() => binCounts([1, 1], [0])).toThrow(/strictly increasing/);
    expect(() => binCounts([NaN], [0])).toThrow(/not finite/);
  });
});

describe('categorical binning', () => {
  it('orders by frequency, ties lexicographically', () => {
    expect(topKCategories(['b', 'a', 'c', 'b', 'c', 'd'], 3)).toEqual(['b', 'c', 'a']);
    expect(topKCategories([], 3)).toEqual([]);
  });

  it('counts unseen categories in the last ("other") bin', () => {
    expect(Array.from(categoryCounts(['x', 'y'], ['x', 'z', 'y', 'x', 'w']))).toEqual([2, 1, 2]);
    expect(() => categoryCounts(['x', 'x'], [])).toThrow(/duplicate/);
  });
});
