import { DEFAULT_DRIFT, DEFAULT_MISSING_SHARE, type FaultState } from './faults.ts';
import { depHour, type Flight } from './flights.ts';
import type { NumericFeature } from './names.ts';

/**
 * What the upstream source delivers for a batch of flights: the record shape the pipeline
 * reads, with the data faults (drift, schema change, missing values) applied. Pure apart from
 * `random`, which decides which values go missing.
 */
export interface UpstreamRecord {
  date: string;
  /** A number normally; a string after the upstream schema change. */
  delay: number | string;
  distance: number | null;
  dep_hour: number;
  origin: string;
  destination: string;
  /** Only after the upstream schema change. */
  tail_number?: string;
}

/** The declared schema of the dataset: what the pipeline expects. */
export const UPSTREAM_SCHEMA = {
  date: 'string',
  delay: 'number',
  distance: 'number',
  dep_hour: 'number',
  origin: 'string',
  destination: 'string',
} as const;

/** Typical spread of each numeric feature in the training weeks, the unit of a drift shift. */
export type Spreads = Readonly<Record<NumericFeature, number>>;

/** The value of a numeric feature after any drift fault. */
export function drifted(faults: FaultState, spreads: Spreads, feature: NumericFeature, value: number): number {
  const o = faults.options('drift');
  if (!o) return value;
  const features = o.features ?? DEFAULT_DRIFT.features;
  if (!features.includes(feature)) return value;
  return value + (o.shift ?? DEFAULT_DRIFT.shift) * spreads[feature];
}

export function upstreamRecords(
  flights: readonly Flight[],
  faults: FaultState,
  spreads: Spreads,
  random: () => number
): UpstreamRecord[] {
  const missingShare = faults.has('missingValues')
    ? (faults.options('missingValues')?.share ?? DEFAULT_MISSING_SHARE)
    : 0;
  const schemaChanged = faults.has('schemaChange');
  return flights.map((f) => {
    const distance = drifted(faults, spreads, 'distance', f.distance);
    const r: UpstreamRecord = {
      date: new Date(f.time).toISOString(),
      delay: schemaChanged ? String(f.delay) : f.delay,
      distance: missingShare > 0 && random() < missingShare ? null : distance,
      dep_hour: drifted(faults, spreads, 'dep_hour', depHour(f)),
      origin: f.origin,
      destination: f.destination,
    };
    if (schemaChanged) r.tail_number = `N${(f.time / 60_000) % 1000}`;
    return r;
  });
}

export function spreadsOf(training: readonly Flight[]): Spreads {
  const sd = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length) || 1;
  };
  return { distance: sd(training.map((f) => f.distance)), dep_hour: sd(training.map(depHour)) };
}
