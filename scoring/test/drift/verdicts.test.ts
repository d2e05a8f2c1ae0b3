import {
  bandVerdict,
  binCounts,
  chunkScores,
  datasetVerdict,
  learnedThreshold,
  learnedVerdict,
  psi,
  quantileEdges,
} from '../../src/drift/index.ts';

describe('bandVerdict', () => {
  it('uses PSI credit-risk bands and whylogs p-value bands for chi2', () => {
    expect(bandVerdict('psi', 0.05)).toBe('stable');
    expect(bandVerdict('psi', 0.2)).toBe('moderate');
    expect(bandVerdict('psi', 0.3)).toBe('significant');
    expect(bandVerdict('chi2', 0.5)).toBe('stable');
    expect(bandVerdict('chi2', 0.1)).toBe('moderate');
    expect(bandVerdict('chi2', 0.05)).toBe('significant');
    expect(bandVerdict('hellinger', 0.5, { moderate: 0.15, significant: 0.4 })).toBe('significant');
    expect(() => bandVerdict('js', NaN)).toThrow(/NaN/);
  });
});

describe('learnedThreshold (mean + 3σ over reference chunks)', () => {
  it('computes mean + 3σ with the population standard deviation', () => {
    const t = learnedThreshold('psi', [0.01, 0.03, 0.02, 0.02]);
    const std = Math.sqrt((0.01 ** 2 + 0.01 ** 2 + 0 + 0) / 4);
    expect(t.mean).toBeCloseTo(0.02, 15);
    expect(t.std).toBeCloseTo(std, 15);
    expect(t.threshold).toBeCloseTo(0.02 + 3 * std, 15);
    expect(learnedVerdict(0.05, t)).toBe('significant');
    expect(learnedVerdict(0.03, t)).toBe('stable');
  });

  it('goes downwards for p-values and clips to the measure range', () => {
    const t = learnedThreshold('chi2', [0.5, 0.9, 0.1, 0.7]);
    expect(t.threshold).toBe(0); // mean − 3σ < 0 → clipped
    expect(learnedVerdict(0.0, t)).toBe('stable');
    const js = learnedThreshold('js', [0.5, 0.9, 0.1, 0.7], { sigmas: 10 });
    expect(js.threshold).toBe(1);
  });

  it('rejects too few or non-finite values', () => {
    expect(() => learnedThreshold('psi', [0.1])).toThrow(/at least 2/);
    expect(() => learnedThreshold('psi', [0.1, NaN])).toThrow(/chunkValues\[1\] = NaN/);
  });

  it('learns from reference chunks and flags a shifted window', () => {
    // A deterministic pseudo-random reference, split into 10 chunks.
    const values = Array.from({ length: 5000 }, (_, i) => {
      const x = Math.sin(i * 78.233) * 43758.5453;
      return x - Math.floor(x);
    });
    const edges = quantileEdges(values);
    const chunks = Array.from({ length: 10 }, (_, c) => binCounts(edges, values.slice(c * 500, (c + 1) * 500)));
    const scores = chunkScores('psi', chunks);
    expect(scores).toHaveLength(10);
    const t = learnedThreshold('psi', scores);
    expect(t.threshold).toBeGreaterThan(0);
    expect(t.threshold).toBeLessThan(0.1); // 500-value chunks of the same distribution stay close
    const shifted = binCounts(
      edges,
      values.slice(0, 500).map((v) => v + 0.2)
    );
    expect(learnedVerdict(psi(binCounts(edges, values), shifted), t)).toBe('significant');
    expect(() => chunkScores('psi', [])).toThrow(/empty/);
    expect(() => chunkScores('psi', [[1, 2], [1]])).toThrow(/chunks\[1\] has 1 bins/);
  });
});

describe('datasetVerdict', () => {
  it('reports the share of drifted features against 0.5', () => {
    expect(datasetVerdict(['significant', 'stable', 'moderate', 'significant'])).toEqual({
      features: 4,
      drifted: 2,
      share: 0.5,
      drift: true,
    });
    expect(datasetVerdict(['significant', 'stable', 'moderate'])).toMatchObject({ drifted: 1, drift: false });
    expect(datasetVerdict(['significant', 'stable', 'moderate'], { countModerate: true })).toMatchObject({
      drifted: 2,
      drift: true,
    });
    expect(datasetVerdict(['significant', 'stable', 'stable'], { driftShare: 0.3 }).drift).toBe(true);
  });

  it('rejects no features and a bad share', () => {
    expect(() => datasetVerdict([])).toThrow(/no feature/);
    expect(() => datasetVerdict(['stable'], { driftShare: 0 })).toThrow(/driftShare/);
  });
});
