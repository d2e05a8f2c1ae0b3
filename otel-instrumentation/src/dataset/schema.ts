import type { FieldType } from '../options.ts';

/** A dataset schema: field name → type. */
export type Schema = ReadonlyMap<string, FieldType>;

/** The schema type of a present value; null/undefined (and NaN, a missing number) have none. */
export function valueType(value: unknown): FieldType | undefined {
  switch (typeof value) {
    case 'number':
      return value === value ? 'number' : undefined;
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'undefined':
      return undefined;
    default:
      return value === null ? undefined : 'object';
  }
}

/** FNV-1a (32 bit) of the sorted `name:type` lines: a stable number that changes with the schema. */
export function schemaFingerprint(schema: Schema): number {
  const text = [...schema]
    .map(([name, type]) => `${name}:${type}\n`)
    .sort()
    .join('');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Fields added, removed or retyped between two schemas. */
export function schemaChanges(before: Schema, after: Schema): number {
  let changes = 0;
  for (const [name, type] of after) {
    const old = before.get(name);
    if (old === undefined || old !== type) changes++;
  }
  for (const name of before.keys()) if (!after.has(name)) changes++;
  return changes;
}
