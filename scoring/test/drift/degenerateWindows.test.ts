/**
 * Windows a verdict cannot judge (review G1, G5) and a reference with no spread (G6): they give a
 * defined, documented result instead of NaN, a throw, or a verdict that looks informed.
 */
import {
  binCounts,
  DEFAULT_ALPHA,
  driftVerdict,
  driftVerdicts,
  MEASURE_NAMES,
  MEASURES,
  normalizedWasserstein,
  quantileEdges,
  wasserstein,
  type DriftVerdict,
} from '../../src/drift/index.ts';

const EDGES = [1, 2, 3];

/** Every number in the verdict is a number (Infinity allowed: an unbounded noise floor), never NaN. */
function expectNoNaN(v: DriftVerdict): void {
  for (const [key, value] of Object.entries(v))
    if (typeof value === 'number') expect([key, value]).not.toEqual([key, NaN]);
}

describe('a window with fewer than one observation gives a degenerate verdict, not NaN or a throw (G1)', () => {
  const cases: [string, number[], number[], object][] = [
    ['all-zero current', [5, 5, 5, 5], [0, 0, 0, 0], {}],
    ['all-zero reference', [0, 0, 0, 0], [5, 5, 5, 5], {}],
    ['both all-zero', [0, 0, 0, 0], [0, 0, 0, 0], {}],
    // Prometheus increase() returns fractions: 0.4 of an observation cannot be resampled, and the
    // permutation null was all zeros, which called PSI 6.9 'significant' at p = 0.002.
    ['a fraction of one observation', [5, 5, 5, 5], [0.4, 0, 0, 0], {}],
    ['a fraction against known shares', [5, 5, 5, 5], [0.2, 0, 0, 0], { referenceSize: Infinity }],
    ['all-zero shares', [0, 0, 0, 0], [5, 5, 5, 5], { referenceSize: Infinity }],
    ['currentSize below 1', [5, 5, 5, 5], [3, 3, 3, 3], { currentSize: 0.5 }],
  ];
  it.each(cases)('%s', (_, reference, current, options) => {
    const verdicts = driftVerdicts(MEASURE_NAMES, reference, current, { edges: EDGES, ...options });
    expect(verdicts).toHaveLength(MEASURE_NAMES.length);
    for (const v of verdicts) {
      expect(v).toMatchObject({
        method: 'degenerate',
        pValue: 1,
        minPValue: 1,
        decidable: false,
        real: false,
        verdict: 'stable',
        drift: false,
      });
      expectNoNaN(v);
      // Noise can reach any value from less than one observation.
      expect(v.noiseFloor).toBe(v.measure === 'chi2' ? DEFAULT_ALPHA : MEASURES[v.measure].range[1]);
    }
  });

  it('with no observation, the value is that of "no change" (0, or 1 for chi2)', () => {
    for (const v of driftVerdicts(MEASURE_NAMES, [5, 5, 5, 5], [0, 0, 0, 0], { edges: EDGES }))
      expect(v.value).toBe(v.measure === 'chi2' ? 1 : 0);
  });

  it('empty vectors: degenerate too, with sizes 0', () => {
    const v = driftVerdict('psi', [], []);
    expect(v).toMatchObject({ method: 'degenerate', pValue: 1, verdict: 'stable', bins: 0, currentSize: 0 });
    expect(v.effectiveSize).toBe(0);
  });

  it('caller bugs still throw: mismatched lengths, bad counts, bad options', () => {
    expect(() => driftVerdict('psi', [0, 0], [0, 0, 0])).toThrow(/2 bins but current has 3/);
    expect(() => driftVerdict('psi', [0, 0], [0, -1])).toThrow(/current\[1\] = -1/);
    expect(() => driftVerdict('psi', [0, 0], [0, 0], { alpha: 2 })).toThrow(/alpha = 2/);
    expect(() => driftVerdict('psi', [0, 0], [0, 0], { currentSize: -1 })).toThrow(/currentSize = -1/);
    expect(() => driftVerdict('wasserstein', [0, 0], [0, 0])).toThrow(/edges is required/);
  });
});

describe('a verdict says when its window is too small to be judged (G5)', () => {
  // 10 decile bins, a large reference, every possible current window of m values.
  const reference = new Array(10).fill(1000);
  const edges = Array.from({ length: 9 }, (_, i) => i + 1);
  function windows(m: number): number[][] {
    const out: number[][] = [];
    const fill = (i: number, left: number, acc: number[]) => {
      if (i === 9) out.push([...acc, left]);
      else for (let c = 0; c <= left; c++) fill(i + 1, left - c, [...acc, c]);
    };
    fill(0, m, []);
    return out;
  }

  it('one value: no window can be drift, and every verdict says decidable: false', () => {
    for (const current of windows(1)) {
      for (const v of driftVerdicts(MEASURE_NAMES, reference, current, { edges })) {
        expect(v).toMatchObject({ verdict: 'stable', drift: false, decidable: false });
        expect(v.minPValue).toBeGreaterThanOrEqual(DEFAULT_ALPHA);
        expect(v.pValue).toBeGreaterThanOrEqual(v.minPValue);
      }
    }
  });

  it('two values on unordered bins: PSI cannot get below p ≈ 0.1, and says so', () => {
    for (const current of windows(2)) {
      const v = driftVerdict('psi', reference, current);
      expect(v).toMatchObject({ verdict: 'stable', decidable: false });
      expect(v.pValue).toBeGreaterThanOrEqual(v.minPValue);
    }
  });

  it('three values can be judged; the p-value is never below minPValue', () => {
    let drifted = 0;
    // Every 10th of the 220 windows (the first and last put all three in an outer bin).
    const some = windows(3).filter((_, i, all) => i % 10 === 0 || i === all.length - 1);
    for (const current of some) {
      for (const v of driftVerdicts(MEASURE_NAMES, reference, current, { edges })) {
        expect(v.decidable).toBe(v.minPValue < DEFAULT_ALPHA);
        expect(v.pValue).toBeGreaterThanOrEqual(v.minPValue);
        if (v.drift) drifted++;
      }
    }
    expect(drifted).toBeGreaterThan(0);
  });

  it('large windows use the limits: minPValue 0, decidable', () => {
    const v = driftVerdict('psi', reference, new Array(10).fill(500), { edges });
    expect(v).toMatchObject({ method: 'asymptotic', minPValue: 0, decidable: true });
  });
});

describe('a constant reference (one edge) does not take the measures down (G6)', () => {
  it('quantileEdges of a constant gives one edge, and every measure gets a verdict', () => {
    const reference = new Array(300).fill(7);
    const current = [...new Array(150).fill(7), ...new Array(150).fill(8)];
    const edges = quantileEdges(reference);
    expect(edges).toEqual([7]);
    const verdicts = driftVerdicts(MEASURE_NAMES, binCounts(edges, reference), binCounts(edges, current), { edges });
    expect(verdicts.map((v) => v.measure)).toEqual(MEASURE_NAMES);
    for (const v of verdicts) {
      expectNoNaN(v);
      expect(v.drift).toBe(true); // half the values moved off a constant: real and material
    }
  });

  it('normalised W with one edge is |P0 − Q0| / √(s(1 − s)), whatever the scale of the edge', () => {
    // Reference with spread: s is its bin-0 share.
    expect(normalizedWasserstein([7, 3], [4, 6], [5])).toBeCloseTo(0.3 / Math.sqrt(0.7 * 0.3), 14);
    // Constant reference: s is the pooled share (0.7 of (1 + 0.4) / 2).
    const pooled = (1 + 0.4) / 2;
    for (const c of [1e-9, 3, 1e9]) {
      expect(normalizedWasserstein([10, 0], [4, 6], [c])).toBeCloseTo(0.6 / Math.sqrt(pooled * (1 - pooled)), 14);
    }
    // The same as two bins between two edges with an empty third bin.
    expect(normalizedWasserstein([7, 3], [4, 6], [5])).toBeCloseTo(
      normalizedWasserstein([7, 3, 0], [4, 6, 0], [5, 6]),
      14
    );
    // Both in the same bin, or no edge at all: 0.
    expect(normalizedWasserstein([10, 0], [3, 0], [5])).toBe(0);
    expect(normalizedWasserstein([4], [9], [])).toBe(0);
  });

  it('raw W1 still needs two edges, and says that the normalised form does not', () => {
    expect(() => wasserstein([10, 0], [4, 6], [5])).toThrow(/at least 2 edges.*normalizedWasserstein/);
    expect(() => driftVerdict('wasserstein', [10, 0], [4, 6], { edges: [5], normalized: false })).toThrow(
      /at least 2 edges/
    );
  });
});
