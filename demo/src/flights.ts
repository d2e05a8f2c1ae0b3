import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Real US flights (Jan–Mar 2001, Bureau of Transportation Statistics) from the vega-datasets
 * package. flights-20k is the largest JSON variant with dates; flights-200k has none, so months
 * could not pass in it.
 */
export interface Flight {
  /** Scheduled departure, ms since the epoch (the data's local times read as UTC). */
  readonly time: number;
  /** Arrival delay in minutes (negative: early). */
  readonly delay: number;
  readonly distance: number;
  readonly origin: string;
  readonly destination: string;
}

/** A flight counts as delayed above this many minutes (the BTS on-time definition). */
export const DELAYED_AFTER_MINUTES = 15;

interface RawFlight {
  date: string;
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}

// The package's entry is build/index.js; its data files sit next to build/.
const DATA = join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data', 'flights-20k.json');

/** "2001/01/01 00:47" → ms since the epoch, UTC. */
export function parseFlightDate(date: string): number {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})$/.exec(date);
  if (!m) throw new Error(`flights: unexpected date ${JSON.stringify(date)}`);
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi);
}

/** Every flight, sorted by departure. */
export function loadFlights(): Flight[] {
  const raw = JSON.parse(readFileSync(DATA, 'utf8')) as RawFlight[];
  return raw
    .map((r) => ({
      time: parseFlightDate(r.date),
      delay: r.delay,
      distance: r.distance,
      origin: r.origin,
      destination: r.destination,
    }))
    .sort((a, b) => a.time - b.time);
}

export const isDelayed = (f: Flight): boolean => f.delay > DELAYED_AFTER_MINUTES;
export const depHour = (f: Flight): number => new Date(f.time).getUTCHours() + new Date(f.time).getUTCMinutes() / 60;

/** Index of the first flight at or after `time` in flights sorted by time (binary search). */
export function firstAtOrAfter(flights: readonly Flight[], time: number): number {
  let lo = 0;
  let hi = flights.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((flights[mid] as Flight).time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
