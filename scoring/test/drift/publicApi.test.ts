// The instrumentation and the plugin import these names from '@sieve/scoring'; keep them there.
import * as scoring from '@sieve/scoring';

describe("'@sieve/scoring' drift exports", () => {
  it.each([
    'quantileEdges',
    'equalWidthEdges',
    'sturgesEdges',
    'binIndex',
    'binCounts',
    'topKCategories',
    'categoryCounts',
    'psi',
    'psiVerdict',
    'driftScore',
    'MEASURES',
    'bandVerdict',
    'learnedThreshold',
    'datasetVerdict',
  ])('exports %s', (name) => {
    expect(scoring).toHaveProperty(name);
  });

  it('computes PSI through the package entry point', () => {
    const edges = scoring.quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2);
    expect(edges).toEqual([5.5]);
    expect(scoring.psi(scoring.binCounts(edges, [1, 2, 9]), scoring.binCounts(edges, [1, 8, 9]))).toBeGreaterThan(0);
  });
});
