/**
 * Parsing of NAB's text formats (pure: the caller reads the files). Timestamps are
 * `YYYY-MM-DD HH:MM:SS[.ffffff]` and taken as UTC.
 */
import type { NabWindow } from './windows.ts';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

export function parseNabTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) throw new Error(`bad NAB timestamp "${text}"`);
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + Math.round(frac);
}

/** Formats epoch ms as NAB does in results files (`YYYY-MM-DD HH:MM:SS`). */
export function formatNabTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export interface NabSeries {
  timestampsMs: Float64Array;
  values: Float64Array;
}

/** A `timestamp,value` CSV. Empty or non-numeric values become NaN; errors name the line. */
export function parseNabCsv(text: string): NabSeries {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim();
  if (header !== 'timestamp,value') throw new Error(`expected header "timestamp,value", got "${header}"`);
  const ts: number[] = [];
  const vs: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    if (comma < 0) throw new Error(`line ${i + 1}: expected "timestamp,value"`);
    ts.push(parseNabTimestamp(line.slice(0, comma)));
    const v = line.slice(comma + 1).trim();
    vs.push(v === '' ? NaN : Number(v));
  }
  return { timestampsMs: Float64Array.from(ts), values: Float64Array.from(vs) };
}

/** combined_windows.json content → file → windows. */
export function parseWindowsJson(json: unknown): Map<string, NabWindow[]> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('windows: expected an object');
  const out = new Map<string, NabWindow[]>();
  for (const [file, list] of Object.entries(json)) {
    if (!Array.isArray(list)) throw new Error(`windows["${file}"]: expected a list`);
    out.set(
      file,
      list.map((pair: unknown, k) => {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
          throw new Error(`windows["${file}"][${k}]: expected [start, end] timestamps`);
        }
        return { startMs: parseNabTimestamp(pair[0]), endMs: parseNabTimestamp(pair[1]) };
      })
    );
  }
  return out;
}
