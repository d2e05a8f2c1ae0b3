import { schemaChanges, schemaFingerprint, valueType } from '../src/dataset/schema.ts';
import type { FieldType } from '../src/index.ts';

const schema = (entries: Array<[string, FieldType]>) => new Map(entries);

describe('dataset schema', () => {
  it('types values as the schema does; null, undefined and NaN have no type (missing)', () => {
    expect([1, 10n, 'a', true, {}, [], new Date()].map(valueType)).toEqual([
      'number',
      'number',
      'string',
      'boolean',
      'object',
      'object',
      'object',
    ]);
    expect([null, undefined, NaN].map(valueType)).toEqual([undefined, undefined, undefined]);
  });

  it('fingerprints a schema as an unsigned 32-bit number, independent of field order', () => {
    const a = schemaFingerprint(
      schema([
        ['x', 'number'],
        ['y', 'string'],
      ])
    );
    expect(
      schemaFingerprint(
        schema([
          ['y', 'string'],
          ['x', 'number'],
        ])
      )
    ).toBe(a);
    expect(Number.isInteger(a) && a >= 0 && a < 2 ** 32).toBe(true);
    expect(
      schemaFingerprint(
        schema([
          ['x', 'string'],
          ['y', 'string'],
        ])
      )
    ).not.toBe(a);
    expect(schemaFingerprint(schema([['x', 'number']]))).not.toBe(a);
  });

  it('counts fields added, removed and retyped', () => {
    const before = schema([
      ['a', 'number'],
      ['b', 'string'],
      ['c', 'boolean'],
    ]);
    const after = schema([
      ['a', 'string'],
      ['c', 'boolean'],
      ['d', 'object'],
    ]);
    expect(schemaChanges(before, after)).toBe(3);
    expect(schemaChanges(before, before)).toBe(0);
  });
});
