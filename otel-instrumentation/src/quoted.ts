/** The longest part of a name quoted in an error message; the rest is cut. */
export const MAX_QUOTED_LENGTH = 64;

/**
 * `value` as an error message quotes it: strings in JSON quotes, cut at MAX_QUOTED_LENGTH (a
 * million-character name gives a short message, not a megabyte), other values by their type.
 * Never throws (a BigInt or a circular object as a name).
 */
export function quoted(value: unknown, max: number = MAX_QUOTED_LENGTH): string {
  if (typeof value === 'string') {
    if (value.length <= max) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, max))}… (${value.length} characters)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
