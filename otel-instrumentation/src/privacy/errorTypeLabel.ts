import { OTHER_CATEGORY } from '../catalog/index.ts';
import { piiCategory } from './categoryMasking.ts';
import { detectPii } from './piiPatterns.ts';

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
  if (ERROR_CLASS_NAME.test(name)) return name;
  const kind = name.length <= MAX_CHECKED_LENGTH ? detectPii(name) : undefined;
  return kind === undefined ? OTHER_CATEGORY : piiCategory(kind);
}
