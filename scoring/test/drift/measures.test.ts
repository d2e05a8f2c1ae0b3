import {
  binCounts,
  chiSquare,
  driftScore,
  hellinger,
  isMeasureName,
  jensenShannon,
  kl,
  ksStatistic,
  MEASURE_NAMES,
  MEASURES,
  normalizedWasserstein,
  quantileEdges,
  regularizedGammaP,
  regularizedGammaQ,
  wasserstein,
  lnGamma,
} from '../../src/drift/index.ts';

const REF = [10, 20, 30, 25, 15];
const CUR = [12, 18, 25, 30, 15];
const EDGES = [0, 1, 2.5, 4];

describe('the MEASURES registry and driftScore', () => {
  it('lists every measure with its metadata', () => {
    expect(MEASURE_NAMES).toEqual(['psi', 'js', 'kl', 'hellinger', 'ks', 'wasserstein', 'chi2']);
    for (const name of MEASURE_NAMES) {
      const m = MEASURES[name];
      expect(m.name).toBe(name);
      expect(m.description.length).toBeGreaterThan(0);
      if (m.driftWhen === 'higher') expect(m.bands.moderate).toBeLessThan(m.bands.significant);
      else expect(m.bands.moderate).toBeGreaterThan(m.bands.significant);
    }
    expect(MEASURES.wasserstein.needsEdges).toBe(true);
    expect(MEASURE_NAMES.filter((n) => MEASURES[n].needsEdges)).toEqual(['wasserstein']);
    expect(MEASURES.psi.bands).toEqual({ moderate: 0.1, significant: 0.25 });
    expect(isMeasureName('js')).toBe(true);
    expect(isMeasureName('toString')).toBe(false);
    // Shared module state: nobody may change a default band at run time.
    expect(Object.isFrozen(MEASURES.psi.bands)).toBe(true);
    expect(Object.isFrozen(MEASURES.chi2.features)).toBe(true);
  });

  it('dispatches to each measure', () => {
    expect(driftScore('js', REF, CUR)).toBe(jensenShannon(REF, CUR));
    expect(driftScore('kl', REF, CUR)).toBe(kl(REF, CUR));
    expect(driftScore('hellinger', REF, CUR)).toBe(hellinger(REF, CUR));
    expect(driftScore('ks', REF, CUR)).toBe(ksStatistic(REF, CUR));
    expect(driftScore('wasserstein', REF, CUR, { edges: EDGES })).toBe(normalizedWasserstein(REF, CUR, EDGES));
    expect(driftScore('wasserstein', REF, CUR, { edges: EDGES, normalized: false })).toBe(wasserstein(REF, CUR, EDGES));
    expect(driftScore('chi2', REF, CUR)).toBe(chiSquare(REF, CUR).pValue);
    expect(driftScore('psi', [4, 0], [2, 2], { emptyBins: { kind: 'laplace' } })).not.toBe(
      driftScore('psi', [4, 0], [2, 2])
    );
  });

  it('rejects an unknown measure and missing edges', () => {
    expect(() => driftScore('energy' as never, REF, CUR)).toThrow(/unknown measure "energy"/);
    expect(() => driftScore('wasserstein', REF, CUR)).toThrow(/edges is required/);
  });

  it.each(MEASURE_NAMES)('%s: identical distributions show no drift', (name) => {
    const value = driftScore(
      name,
      REF,
      REF.map((c) => c * 3),
      { edges: EDGES }
    );
    if (MEASURES[name].driftWhen === 'higher') expect(value).toBeCloseTo(0, 12);
    else expect(value).toBeCloseTo(1, 12);
  });

  it.each(MEASURE_NAMES)('%s: rejects bad counts with a clear error', (name) => {
    const opts = { edges: EDGES };
    expect(() => driftScore(name, [1, 2, 3, 4, 5], [1, 2, 3, 4], opts)).toThrow(/5 bins but current has 4/);
    expect(() => driftScore(name, [1, 2, 3, 4, 5], [1, 2, -3, 4, 5], opts)).toThrow(/current\[2\] = -3/);
    expect(() => driftScore(name, [1, NaN, 3, 4, 5], [1, 2, 3, 4, 5], opts)).toThrow(/reference\[1\] = NaN/);
    expect(() => driftScore(name, [0, 0, 0, 0, 0], [1, 2, 3, 4, 5], opts)).toThrow(/zero total/);
    expect(() => driftScore(name, [], [], { edges: [] })).toThrow(/empty|edges/);
  });

  it('measures grow with the size of a shift', () => {
    const values = Array.from(
      { length: 2000 },
      (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453)
    );
    const edges = quantileEdges(values, 10);
    const ref = binCounts(edges, values);
    const small = binCounts(
      edges,
      values.map((v) => v + 0.05)
    );
    const large = binCounts(
      edges,
      values.map((v) => v + 0.3)
    );
    for (const name of MEASURE_NAMES) {
      const a = driftScore(name, ref, small, { edges });
      const b = driftScore(name, ref, large, { edges });
      if (MEASURES[name].driftWhen === 'higher') expect(b).toBeGreaterThan(a);
      else expect(b).toBeLessThan(a);
    }
  });
});

describe('measure properties', () => {
  it('JS and Hellinger reach 1 for disjoint supports; KS too', () => {
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(1, 15);
    expect(hellinger([1, 0], [0, 1])).toBeCloseTo(1, 15);
    expect(ksStatistic([1, 0], [0, 1])).toBe(1);
  });

  it('binned KS equals the raw two-sample KS when the edges are all the distinct values', () => {
    const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const b = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8];
    const cdf = (xs: number[], x: number) => xs.filter((v) => v <= x).length / xs.length;
    const distinct = [...new Set([...a, ...b])].sort((x, y) => x - y);
    const raw = Math.max(...distinct.map((x) => Math.abs(cdf(a, x) - cdf(b, x))));
    expect(ksStatistic(binCounts(distinct, a), binCounts(distinct, b))).toBeCloseTo(raw, 15);
    // Coarser bins can only hide differences.
    const coarse = [2, 5];
    expect(ksStatistic(binCounts(coarse, a), binCounts(coarse, b))).toBeLessThanOrEqual(raw);
  });

  it('KL is finite with empty bins thanks to the epsilon floor, and asymmetric', () => {
    expect(Number.isFinite(kl([1, 0], [0, 1]))).toBe(true);
    // p = (0.5, 0.5), q = (0.9, 0.1): KL(p‖q) = 0.5 ln(0.5/0.9) + 0.5 ln 5; KL(q‖p) = 0.9 ln 1.8 + 0.1 ln 0.2.
    expect(kl([5, 5], [9, 1])).toBeCloseTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(5), 14);
    expect(kl([9, 1], [5, 5])).toBeCloseTo(0.9 * Math.log(1.8) + 0.1 * Math.log(0.2), 14);
  });

  it('Wasserstein of a one-bin shift equals the distance between the bin points', () => {
    // All mass moves from bin 1 (point 0.5) to bin 2 (point 1.75).
    expect(wasserstein([0, 1, 0, 0, 0], [0, 0, 1, 0, 0], EDGES)).toBeCloseTo(1.25, 15);
    // Tails: lower tail at −0.5, upper tail at 4.75.
    expect(wasserstein([1, 0, 0, 0, 0], [0, 0, 0, 0, 1], EDGES)).toBeCloseTo(5.25, 15);
    // A single-bin reference has no spread: W1 (1.25) is divided by the pooled spread (0.625).
    expect(normalizedWasserstein([0, 1, 0, 0, 0], [0, 0, 1, 0, 0], EDGES)).toBeCloseTo(2, 12);
    expect(normalizedWasserstein([0, 1, 0, 0, 0], [0, 3, 0, 0, 0], EDGES)).toBe(0);
  });

  it('Wasserstein rejects edges that do not fit the counts', () => {
    expect(() => wasserstein([1, 1], [1, 1], [0])).toThrow(/at least 2 edges/);
    expect(() => wasserstein([1, 1, 1], [1, 1, 1], [0, 1, 2])).toThrow(/3 edges make 4 bins/);
    expect(() => wasserstein([1, 1, 1], [1, 1, 1], [1, 0])).toThrow(/strictly increasing/);
  });

  it('chi-square: a bin unseen in the reference makes goodness of fit infinite; one bin gives p = 1', () => {
    const gof = chiSquare([5, 0], [5, 1], { test: 'goodness-of-fit' });
    expect(gof.statistic).toBe(Infinity);
    expect(gof.pValue).toBe(0);
    expect(chiSquare([5, 0], [3, 0])).toEqual({ statistic: 0, dof: 0, pValue: 1 });
    expect(() => chiSquare([1, 2], [1, 2], { test: 'fisher' as never })).toThrow(/test = fisher/);
  });
});

describe('incomplete gamma', () => {
  it('satisfies P + Q = 1 and known closed forms', () => {
    for (const [a, x] of [
      [0.5, 0.1],
      [3, 2],
      [10, 30],
      [1e4, 1e4 + 50],
    ] as const) {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 12);
    }
    // Q(1, x) = e^{−x}; lnΓ(n) = ln((n−1)!).
    expect(regularizedGammaQ(1, 2.5)).toBeCloseTo(Math.exp(-2.5), 14);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(0.25)).toBeCloseTo(Math.log(3.625609908221908), 12);
  });

  it('handles the ends and rejects bad arguments', () => {
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(regularizedGammaQ(1e6, 1e6)).toBeCloseTo(0.5, 2); // large a stays fast and bounded
    expect(() => regularizedGammaQ(0, 1)).toThrow(/a = 0/);
    expect(() => regularizedGammaQ(1, NaN)).toThrow(/x = NaN/);
    expect(() => lnGamma(-1)).toThrow(/x = -1/);
  });
});
