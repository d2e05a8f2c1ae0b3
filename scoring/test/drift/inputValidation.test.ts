/**
 * Bad input is refused at the function boundary with a message that names the index and the value
 * (review G2, G7, G9): counts that are not finite non-negative numbers, text in numeric columns, and
 * bin edges that are not finite and strictly increasing.
 */
import {
  andersonDarling,
  binCounts,
  chiSquare,
  driftScore,
  driftVerdict,
  equalWidthEdges,
  MEASURE_NAMES,
  quantileEdges,
  sturgesEdges,
} from '../../src/drift/index.ts';

const EDGES = [1, 2, 3];
const asNumber = (v: unknown) => v as number;

describe('counts that are not finite non-negative numbers throw, naming the index and the value (G2)', () => {
  const bad: [unknown, RegExp][] = [
    ['3', /current\[2\] = "3" \(a string\) is not a finite non-negative count/],
    [NaN, /current\[2\] = NaN is not/],
    [-1, /current\[2\] = -1 is not/],
    [Infinity, /current\[2\] = Infinity is not/],
    [null, /current\[2\] = null is not/],
    [true, /current\[2\] = true \(a boolean\) is not/],
  ];
  it.each(MEASURE_NAMES)('%s', (measure) => {
    for (const [value, message] of bad) {
      const current = [4, 5, asNumber(value), 6];
      expect(() => driftScore(measure, [5, 5, 5, 5], current, { edges: EDGES })).toThrow(message);
      expect(() => driftVerdict(measure, [5, 5, 5, 5], current, { edges: EDGES })).toThrow(message);
    }
  });

  it('a numeric string is not added as text (it made the reference size "535")', () => {
    expect(() => driftVerdict('psi', [5, asNumber('3'), 5], [1, 2, 3])).toThrow(/reference\[1\] = "3"/);
    expect(() => chiSquare([5, asNumber('3'), 5], [1, 2, 3])).toThrow(/chi2: reference\[1\] = "3"/);
  });

  it('andersonDarling checks its counts too', () => {
    expect(() => andersonDarling([1, asNumber('2'), 3], [1, 2, 3])).toThrow(/andersonDarling: reference\[1\] = "2"/);
    expect(() => andersonDarling([1, 2, 3], [1, 2])).toThrow(/3 bins but current has 2/);
    expect(andersonDarling([0, 0, 0], [1, 2, 3])).toBe(0);
  });
});

describe('text in numeric values throws at the boundary; NaN, ±Infinity, null, undefined are missing (G7)', () => {
  const values = [0.5, asNumber(null), NaN, Infinity, asNumber(undefined), 2.5, -Infinity];
  it('binCounts skips missing values and counts the rest', () => {
    expect(Array.from(binCounts([1, 2], values))).toEqual([1, 0, 1]);
  });
  it.each([
    ['binCounts', (v: number[]) => binCounts([1, 2], v)],
    ['quantileEdges', (v: number[]) => quantileEdges(v, 2)],
    ['equalWidthEdges', (v: number[]) => equalWidthEdges(v, 2)],
    ['sturgesEdges', (v: number[]) => sturgesEdges(v)],
  ])('%s refuses a string, naming its index', (fn, f) => {
    expect(() => f([0.5, 1, asNumber('1.5'), 3])).toThrow(
      new RegExp(`${fn}: values\\[2\\] = "1.5" \\(a string\\) is not a number`)
    );
    expect(() => f([0.5, asNumber(false), 3])).toThrow(/values\[1\] = false \(a boolean\)/);
    expect(() => f(values)).not.toThrow();
  });
});

describe('bin edges that are not finite and strictly increasing are refused, naming the index (G9)', () => {
  const cases: [unknown[], RegExp][] = [
    [[1, 3, 2], /edges\[2\] = 2 is below edges\[1\] = 3/],
    [[1, 1, 2], /edges\[1\] = 1 duplicates edges\[0\]/],
    [[1, NaN, 2], /edges\[1\] = NaN is not finite/],
    [[1, 2, Infinity], /edges\[2\] = Infinity is not finite/],
    [[1, '10', 30], /edges\[1\] = "10" \(a string\) is not a number/],
  ];
  it('binCounts', () => {
    for (const [edges, message] of cases) expect(() => binCounts(edges as number[], [1])).toThrow(message);
  });
  it.each(MEASURE_NAMES)('%s, in driftScore and driftVerdict, whether or not it uses the edges', (measure) => {
    for (const [edges, message] of cases) {
      const opts = { edges: edges as number[] };
      expect(() => driftScore(measure, [5, 5, 5, 5], [4, 5, 6, 5], opts)).toThrow(message);
      expect(() => driftVerdict(measure, [5, 5, 5, 5], [4, 5, 6, 5], opts)).toThrow(message);
    }
  });
});
