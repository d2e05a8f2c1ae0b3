import { parseDuration } from './durations.ts';

/** The windows every SLI is recorded over (besides its period), as in Sloth. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

/**
 * The SRE Workbook's multiwindow, multi-burn-rate pairs (chapter 5, with the final example's 1d/2h
 * ticket), as Sloth encodes them: each alerts when `budgetPercent` of the period's error budget
 * would be consumed within the long window.
 */
export interface BurnPair {
  readonly tier: 'page' | 'ticket';
  readonly long: SliWindow;
  readonly short: SliWindow;
  readonly budgetPercent: number;
}

export const BURN_PAIRS: readonly BurnPair[] = [
  { tier: 'page', long: '1h', short: '5m', budgetPercent: 2 },
  { tier: 'page', long: '6h', short: '30m', budgetPercent: 5 },
  { tier: 'ticket', long: '1d', short: '2h', budgetPercent: 10 },
  { tier: 'ticket', long: '3d', short: '6h', budgetPercent: 10 },
];

/** Burn-rate factor: (budget % / 100) × period / long window; 14.4, 6, 3, 1 for a 30d period. */
export function burnFactor(pair: BurnPair, period: string): number {
  return Number(((pair.budgetPercent / 100) * (parseDuration(period) / parseDuration(pair.long))).toPrecision(12));
}

/** Pairs whose long window fits in the period (a 1d SLO has no 3d/6h ticket). */
export function burnPairsFor(period: string): BurnPair[] {
  return BURN_PAIRS.filter((p) => parseDuration(p.long) <= parseDuration(period));
}
