export { quantileEdges, equalWidthEdges, sturgesEdges, sturgesBins, DEFAULT_BINS } from './edges.ts';
export { binIndex, binCounts, checkEdges } from './binning.ts';
export { topKCategories, categoryCounts, DEFAULT_TOP_K } from './categorical.ts';
export { type EmptyBinPolicy, DEFAULT_EMPTY_BINS, DEFAULT_EPSILON, DEFAULT_LAPLACE_ALPHA } from './emptyBins.ts';
export { psi, psiVerdict, type PsiOptions, type PsiVerdict } from './psi.ts';
