import { OTHER_CATEGORY } from '../catalog/index.ts';
import { piiCategory } from './categoryMasking.ts';
import { detectPii, MIN_ID_DIGITS, type PiiKind } from './piiPatterns.ts';

/**
 * What a class name looks like (TypeError, AbortError, pg.DatabaseError, $ZodError): anything else
 * set as an Error's name (`e.name = userEmail`, `e.name = \`Error: user ${id} not found\``) is data,
 * not a class, and must not become a label value.
 */
export const ERROR_CLASS_NAME = /^[A-Za-z_$][\w$.]{0,127}$/;

/** Names longer than this are not even searched for PII: no class name is that long. */
const MAX_CHECKED_LENGTH = 256;

/**
 * The error_type label of an error name: class names as they are; detected PII as
 * `__pii_<kind>__`, as categorical features mask it (so the errors counter counts masked names by
 * kind); any other text as OTHER_CATEGORY (`__other__`). Pure; never throws.
 */
export function errorTypeLabel(name: string): string {
  if (ERROR_CLASS_NAME.test(name)) {
    const kind = piiInIdentifier(name);
    return kind === undefined ? name : piiCategory(kind);
  }
  const kind = name.length <= MAX_CHECKED_LENGTH ? detectPii(name) : undefined;
  return kind === undefined ? OTHER_CATEGORY : piiCategory(kind);
}

const DIGIT_RUN = new RegExp(`\\d{${MIN_ID_DIGITS},}`, 'g');
/** Four numbers of 0-255 joined by `_` or `.`, not inside a longer number: an IPv4 address spelled as an identifier. */
const IPV4_IN_IDENTIFIER = /(?<!\d)(\d{1,3})[._](\d{1,3})[._](\d{1,3})[._](\d{1,3})(?!\d)/;

/**
 * PII that a class-shaped name can still carry when code builds names from data
 * (`user_4111111111111111`, `Err123456789`, `Error_10_0_0_1`): a run of MIN_ID_DIGITS or more
 * digits (a card number when it is one, else `digits`, as for categories), or an IPv4 address with
 * `_` or `.` between its parts. No class name has a nine-digit number in it.
 */
function piiInIdentifier(name: string): PiiKind | undefined {
  for (const run of name.match(DIGIT_RUN) ?? []) return detectPii(run) ?? 'digits';
  const ip = IPV4_IN_IDENTIFIER.exec(name);
  if (ip && ip.slice(1).every((n) => Number(n) <= 255)) return 'ipv4';
  return undefined;
}
