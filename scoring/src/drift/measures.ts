import { checkEdges } from './binning.ts';
import { chiSquare, type ChiSquareTest } from './chiSquare.ts';
import type { EmptyBinPolicy } from './emptyBins.ts';
import { hellinger } from './hellinger.ts';
import { jensenShannon } from './jensenShannon.ts';
import { kl } from './kl.ts';
import { ksStatistic } from './ks.ts';
import { psi } from './psi.ts';
import { normalizedWasserstein, wasserstein } from './wasserstein.ts';

export type MeasureName = 'psi' | 'js' | 'kl' | 'hellinger' | 'ks' | 'wasserstein' | 'chi2';

/**
 * Static bands. For `driftWhen: 'higher'`: value < moderate → stable, ≤ significant → moderate,
 * above → significant. For `driftWhen: 'lower'` (p-values): value > moderate → stable,
 * > significant → moderate, otherwise significant.
 */
export interface Bands {
  moderate: number;
  significant: number;
}

export interface MeasureInfo {
  name: MeasureName;
  description: string;
  /** Whether driftScore needs `options.edges` (only Wasserstein, which needs distances). */
  needsEdges: boolean;
  /** Whether `options.emptyBins` changes the result (the log-ratio measures). */
  usesEmptyBins: boolean;
  /** 'higher' for divergences and distances; 'lower' for p-values. */
  driftWhen: 'higher' | 'lower';
  /** The value range, used to clip learned thresholds. */
  range: readonly [number, number];
  bands: Readonly<Bands>;
  /** Which kind of feature the measure suits. */
  features: readonly ('numeric' | 'categorical')[];
}

/**
 * Every measure the datasource can pick by name. Bands: PSI uses the credit-risk bands; chi² uses
 * whylogs' p-value bands; the other bands are the values each measure takes when PSI is at 0.1 and
 * 0.25 for a Gaussian mean shift (δ ≈ 0.32σ and 0.5σ), so switching measure does not change the
 * verdict for a plain shift. See README.md.
 */
const BOTH = ['numeric', 'categorical'] as const;

export const MEASURES: Readonly<Record<MeasureName, Readonly<MeasureInfo>>> = deepFreeze({
  psi: {
    name: 'psi',
    description: 'Population Stability Index Σ (q − p) ln(q / p)',
    needsEdges: false,
    usesEmptyBins: true,
    driftWhen: 'higher',
    range: [0, Infinity],
    bands: { moderate: 0.1, significant: 0.25 },
    features: BOTH,
  },
  js: {
    name: 'js',
    description: 'Jensen–Shannon distance, base 2 (0–1)',
    needsEdges: false,
    usesEmptyBins: false,
    driftWhen: 'higher',
    range: [0, 1],
    bands: { moderate: 0.13, significant: 0.21 },
    features: BOTH,
  },
  kl: {
    name: 'kl',
    description: 'Kullback–Leibler divergence KL(reference ‖ current), nats',
    needsEdges: false,
    usesEmptyBins: true,
    driftWhen: 'higher',
    range: [0, Infinity],
    bands: { moderate: 0.05, significant: 0.125 },
    features: BOTH,
  },
  hellinger: {
    name: 'hellinger',
    description: 'Hellinger distance (0–1)',
    needsEdges: false,
    usesEmptyBins: false,
    driftWhen: 'higher',
    range: [0, 1],
    bands: { moderate: 0.11, significant: 0.18 },
    features: BOTH,
  },
  ks: {
    name: 'ks',
    description: 'Kolmogorov–Smirnov statistic on binned CDFs (0–1)',
    needsEdges: false,
    usesEmptyBins: false,
    driftWhen: 'higher',
    range: [0, 1],
    bands: { moderate: 0.13, significant: 0.2 },
    // On categorical bins the value depends on the (frequency) order of the categories.
    features: BOTH,
  },
  wasserstein: {
    name: 'wasserstein',
    description: 'Wasserstein-1 over bin points divided by the reference standard deviation',
    needsEdges: true,
    usesEmptyBins: false,
    driftWhen: 'higher',
    range: [0, Infinity],
    bands: { moderate: 0.32, significant: 0.5 },
    features: ['numeric'],
  },
  chi2: {
    name: 'chi2',
    description: 'Chi-square test of homogeneity: the p-value (small = drift)',
    needsEdges: false,
    usesEmptyBins: false,
    driftWhen: 'lower',
    range: [0, 1],
    bands: { moderate: 0.15, significant: 0.05 },
    features: ['categorical'],
  },
});

export const MEASURE_NAMES = Object.keys(MEASURES) as MeasureName[];

export function isMeasureName(name: string): name is MeasureName {
  return Object.hasOwn(MEASURES, name);
}

export interface DriftScoreOptions {
  /** Interior bin edges; required by measures with `needsEdges`. */
  edges?: ArrayLike<number>;
  /** For psi and kl. Default: `{ kind: 'epsilon', epsilon: 1e-4 }`. */
  emptyBins?: EmptyBinPolicy;
  /** For wasserstein: false returns the raw W1 in the feature's units. Default true. */
  normalized?: boolean;
  /** For chi2. Default 'homogeneity'. */
  chiSquareTest?: ChiSquareTest;
}

/**
 * The value of `measure` for two count vectors over the same bins. chi2 returns its p-value (small =
 * drift); every other measure returns a distance or divergence (large = drift).
 *
 * @throws Error for an unknown measure, missing edges, edges that are not finite and strictly
 *   increasing (naming the index), or any input the measure rejects.
 */
export function driftScore(
  measure: MeasureName,
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: DriftScoreOptions = {}
): number {
  // Edges are checked whichever measure reads them: a bad `edges` is a caller bug even where unused.
  if (options.edges !== undefined) checkEdges(options.edges, measure);
  switch (measure) {
    case 'psi':
      return psi(reference, current, { emptyBins: options.emptyBins });
    case 'kl':
      return kl(reference, current, { emptyBins: options.emptyBins });
    case 'js':
      return jensenShannon(reference, current);
    case 'hellinger':
      return hellinger(reference, current);
    case 'ks':
      return ksStatistic(reference, current);
    case 'wasserstein': {
      if (options.edges === undefined) throw new Error('wasserstein: options.edges is required');
      return options.normalized === false
        ? wasserstein(reference, current, options.edges)
        : normalizedWasserstein(reference, current, options.edges);
    }
    case 'chi2':
      return chiSquare(reference, current, { test: options.chiSquareTest }).pValue;
    default:
      throw new Error(
        `driftScore: unknown measure ${JSON.stringify(measure)}; expected one of ${MEASURE_NAMES.join(', ')}`
      );
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(value);
}
