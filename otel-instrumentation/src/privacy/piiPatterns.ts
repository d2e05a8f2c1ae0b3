/**
 * Detection of common PII in strings that would otherwise become label values. Pure: no I/O,
 * no state. Patterns are anchored to the whole value (a category is a value, not free text), so
 * an ordinary word never matches and a value that merely contains an `@` is not an email.
 */

/** The kinds detected, in the order they are tried (a card number is also a long digit string). */
export const PII_KINDS = ['email', 'card', 'ipv4', 'ipv6', 'phone', 'digits'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Digit strings at least this long are treated as identifiers (account, national id, ...). */
export const MIN_ID_DIGITS = 9;

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
// Card numbers as written: 13-19 digits, optionally grouped by single spaces or dashes.
const CARD = /^\d(?:[ -]?\d){12,18}$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX4 = /^[0-9A-Fa-f]{1,4}$/;
// Phone numbers: optional +, digits grouped by spaces, dashes or parentheses (no dots: versions), 7-15 digits in all (E.164 allows 15).
const PHONE = /^\+?(?:\(\d{1,4}\)|\d)[\d ()-]{5,}\d$/;
// Dates look like grouped digits; they are categories, not phone numbers.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DIGITS = /^\d+$/;

/** Luhn checksum of a string of digits (separators already removed). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** IPv6 in full, `::`-compressed or IPv4-suffixed form; an optional zone (`%eth0`) is allowed. */
export function isIpv6(value: string): boolean {
  const zone = value.indexOf('%');
  const address = zone === -1 ? value : value.slice(0, zone);
  if (!address.includes(':') || address.length > 45) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    const half = halves[h] as string;
    if (half === '') continue;
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const last = h === halves.length - 1 && i === parts.length - 1;
      if (last && IPV4.test(part)) groups += 2;
      else if (HEX4.test(part)) groups += 1;
      else return false;
    }
  }
  return halves.length === 2 ? groups < 8 : groups === 8;
}

function countDigits(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** The kind of PII `value` is, or undefined. Never throws. */
export function detectPii(value: string): PiiKind | undefined {
  const v = value.trim();
  if (v.includes('@')) return EMAIL.test(v) ? 'email' : undefined;
  if (CARD.test(v) && luhnValid(v.replace(/[ -]/g, ''))) return 'card';
  if (IPV4.test(v)) return 'ipv4';
  if (v.includes(':')) return isIpv6(v) ? 'ipv6' : undefined;
  if (DIGITS.test(v)) return v.length >= MIN_ID_DIGITS ? 'digits' : undefined;
  if (PHONE.test(v) && !ISO_DATE.test(v)) {
    const n = countDigits(v);
    if (n >= 7 && n <= 15) return 'phone';
    if (n >= MIN_ID_DIGITS) return 'digits';
  }
  return undefined;
}
