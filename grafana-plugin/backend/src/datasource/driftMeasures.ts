import { psi, psiVerdict } from '@sieve/scoring';

/**
 * The drift measures the datasource offers, delegated to '@sieve/scoring' (the only place drift
 * math lives). Inputs are bin counts over the same bins; `edges` are the finite upper edges of the
 * numeric bins (absent for categorical features) for measures that need bin positions.
 */
export interface DriftMeasure {
  compute(reference: ArrayLike<number>, current: ArrayLike<number>, edges?: readonly number[]): number;
  /** A word for a table cell: e.g. stable, moderate, significant. */
  verdict(value: number): string;
}

export const MEASURE_NAMES = ['psi'] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

export const DRIFT_MEASURES: Record<MeasureName, DriftMeasure> = {
  psi: { compute: (reference, current) => psi(reference, current), verdict: psiVerdict },
};
export const DEFAULT_MEASURE: MeasureName = 'psi';
