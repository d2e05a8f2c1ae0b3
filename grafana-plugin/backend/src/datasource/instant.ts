/**
 * Instants as the Prometheus HTTP API reads them (`parseTime`): a Unix timestamp in seconds, with
 * an optional fraction (`"1"` is 1970-01-01T00:00:01Z), or an RFC 3339 date
 * (`2026-01-01T00:00:00Z`, `2026-01-01T02:00:00.5+02:00`). Dates that do not exist (February 30,
 * hour 24) are refused rather than rolled over as JavaScript's Date.parse does.
 */
const UNIX_SECONDS = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Epoch milliseconds, or undefined when `text` is neither form. */
export function parseInstant(text: string): number | undefined {
  if (UNIX_SECONDS.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isFinite(ms) ? Math.round(ms) : undefined;
  }
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ? Math.round(Number(`0${m[7]}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (!m[8]) {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return utc + fraction - offsetMinutes * 60_000;
}
