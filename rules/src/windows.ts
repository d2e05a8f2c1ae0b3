import { formatDuration, parseDuration } from './durations.ts';

/**
 * Multiwindow, multi-burn-rate pairs (SRE Workbook ch. 5, with the final example's 1d/2h ticket),
 * scaled to the SLO's period. The Workbook's table is for 30 days: a pair fires when the period's
 * budget would be `budgetPercent` spent within the long window, i.e. at `factor`× the sustainable
 * burn. Keeping that meaning for another period means scaling the windows by period / 30d and
 * keeping the factors: 14.4, 6, 3, 1 — never below 1×, so nothing pages while the budget would last
 * the period. Windows are kept at or above MIN_SHORT (short) and 12× that (long): a 5-minute rate
 * needs several scrapes. Where a pair is clamped, it spends more of a short period's budget before
 * firing (shown in the window table); where two pairs of one tier end on the same windows, the
 * lower factor covers the other, which is dropped.
 */
export interface BurnPair {
  readonly tier: 'page' | 'ticket';
  /** Window lengths in seconds. */
  readonly long: number;
  readonly short: number;
  /** Burn rate (× the rate that spends the budget exactly over the period) both windows must exceed. */
  readonly factor: number;
  /** Share of the period's budget spent when the long window first fires: factor × long / period. */
  readonly budgetSpent: number;
}

export const WORKBOOK_PERIOD = '30d';
/** The Workbook's pairs for a 30-day period (long, short, factor). */
export const WORKBOOK_PAIRS = [
  { tier: 'page', long: '1h', short: '5m', factor: 14.4 },
  { tier: 'page', long: '6h', short: '30m', factor: 6 },
  { tier: 'ticket', long: '1d', short: '2h', factor: 3 },
  { tier: 'ticket', long: '3d', short: '6h', factor: 1 },
] as const;
/** The shortest short window (Sloth's, and the Workbook's): five one-minute scrapes. */
export const MIN_SHORT = 300;
const SHORT_PER_LONG = 12;
/** The 5m window is recorded for every SLO: the current burn rate reads its ratio, the event SLIs' period its rates. */
export const FINE_WINDOW = 300;

const round = (x: number) => Number(x.toPrecision(12));

/** The burn pairs for a period, page tier first. */
export function burnPairs(period: string): BurnPair[] {
  const p = parseDuration(period);
  const scale = p / parseDuration(WORKBOOK_PERIOD);
  const pairs: BurnPair[] = [];
  for (const w of WORKBOOK_PAIRS) {
    // Whole minutes keep the rule names readable (ratio_rate1h24m) and the windows exact.
    let long = Math.max(60, Math.round((parseDuration(w.long) * scale) / 60) * 60);
    let short = Math.round(long / SHORT_PER_LONG);
    if (short < MIN_SHORT) {
      short = MIN_SHORT;
      long = MIN_SHORT * SHORT_PER_LONG;
    }
    if (long > p) continue; // unreachable for periods of at least a day; kept as the invariant
    const same = pairs.findIndex((q) => q.tier === w.tier && q.long === long && q.short === short);
    const pair = { tier: w.tier, long, short, factor: w.factor, budgetSpent: round((w.factor * long) / p) };
    if (same === -1) pairs.push(pair);
    else if (pair.factor < (pairs[same] as BurnPair).factor) pairs[same] = pair;
  }
  return pairs;
}

/** Every window an SLO records: its pairs' windows and the fine 5m window, shortest first, in seconds. */
export function windowsFor(period: string): number[] {
  const all = new Set<number>([FINE_WINDOW]);
  for (const p of burnPairs(period)) all.add(p.long).add(p.short);
  return [...all].sort((a, b) => a - b);
}

/** `1h/5m`: how a pair is named in labels and descriptions. */
export function pairName(pair: BurnPair): string {
  return `${formatDuration(pair.long)}/${formatDuration(pair.short)}`;
}
