export { quantileEdges, equalWidthEdges, sturgesEdges, sturgesBins, DEFAULT_BINS } from './edges.ts';
export { binIndex, binCounts, checkEdges } from './binning.ts';
export { topKCategories, categoryCounts, DEFAULT_TOP_K } from './categorical.ts';
export { type EmptyBinPolicy, DEFAULT_EMPTY_BINS, DEFAULT_EPSILON, DEFAULT_LAPLACE_ALPHA } from './emptyBins.ts';
export { psi, psiNoiseFloor, type PsiOptions } from './psi.ts';
export { kl, type KlOptions } from './kl.ts';
export { jensenShannon } from './jensenShannon.ts';
export { hellinger } from './hellinger.ts';
export { ksStatistic } from './ks.ts';
export {
  wasserstein,
  normalizedWasserstein,
  wassersteinScale,
  referenceSpread,
  binPoint,
  MIN_REFERENCE_SPREAD,
} from './wasserstein.ts';
export { chiSquare, type ChiSquareTest, type ChiSquareResult } from './chiSquare.ts';
export { lnGamma, regularizedGammaP, regularizedGammaQ, chiSquareSurvival, chiSquareCritical } from './gamma.ts';
export { andersonDarling, andersonDarlingLimit, andersonDarlingLimitSurvival } from './andersonDarling.ts';
export { kolmogorovSurvival, kolmogorovQuantile, ksLambda } from './kolmogorov.ts';
export {
  driftNoise,
  DEFAULT_ALPHA,
  DEFAULT_DRAWS,
  MIN_EXPECTED,
  type Noise,
  type NoiseOptions,
  type NullMethod,
  type RealityTest,
} from './noise.ts';
export { driftVerdict, driftVerdicts, type DriftVerdict, type DriftVerdictOptions } from './driftVerdict.ts';
export {
  MEASURES,
  MEASURE_NAMES,
  isMeasureName,
  driftScore,
  type MeasureName,
  type MeasureInfo,
  type Bands,
  type DriftScoreOptions,
} from './measures.ts';
export {
  bandVerdict,
  psiVerdict,
  learnedThreshold,
  learnedQuantileThreshold,
  referenceChunkScores,
  learnedVerdict,
  chunkScores,
  datasetVerdict,
  type Verdict,
  type PsiVerdict,
  type LearnedThreshold,
  type DatasetVerdict,
} from './verdicts.ts';
