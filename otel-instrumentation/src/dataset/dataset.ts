import { LABEL, type InvalidReason } from '../catalog/index.ts';
import { detectPii, type PiiKind } from '../privacy/piiPatterns.ts';
import { piiCategory } from '../privacy/categoryMasking.ts';

/**
 * Records keyed by values (an email as a key) must not leak them as `field` labels: such a name is
 * exported as `__pii_<kind>__`, and the values checked under it are counted by that kind.
 */
function fieldLabel(field: string): { label: string; kind: PiiKind | undefined } {
  const kind = detectPii(field);
  return { label: kind === undefined ? field : piiCategory(kind), kind };
}
import type { FieldType } from '../options.ts';
import type { MetricStore, ScalarCell } from '../store/metricStore.ts';
import {
  eventTimeInvalidCounters,
  eventTimeMs,
  invalidCounters,
  type InvalidCounters,
} from '../handles/invalidValues.ts';
import { columnLength, forEachEntry, isHole } from '../column.ts';
import { schemaChanges, schemaFingerprint, valueType, type Schema } from './schema.ts';

export interface DatasetHandle {
  readonly name: string;
  /**
   * Checks a batch of records: missing values and type violations per field, and schema changes.
   * Any object type is accepted (interfaces are not assignable to Record<string, unknown>). Never throws.
   */
  checkRecords(records: ReadonlyArray<object>): void;
  /** The same check for a batch given as columns (typed arrays allowed; NaN counts as missing). */
  checkColumns(columns: Record<string, ArrayLike<unknown>>): void;
  /**
   * Event time of the newest data in the dataset (a Date or Unix ms). Times before 1970, more than an
   * hour ahead of this clock, or no time at all are counted as invalid; the previous watermark stays.
   */
  watermark(eventTime: Date | number): void;
}

interface FieldCells {
  missing: ScalarCell;
  violations: ScalarCell;
  /** Set when the field's name was masked: counts the values checked under it. */
  masked: ScalarCell | undefined;
}

/** What one batch showed for one field. */
interface FieldTally {
  /** The field occurred in the batch (as a key or a column), even if only as null. */
  seen: boolean;
  /** The type of its first present value. */
  type: FieldType | undefined;
  /** Values of the expected type. */
  matching: number;
  missing: number;
  violations: number;
}

const tally = (seen: boolean, type: FieldType | undefined = undefined, missing = 0): FieldTally => ({
  seen,
  type,
  matching: 0,
  missing,
  violations: 0,
});

/** Counts one value of a field as missing, of the expected type, or a violation. */
function countValue(t: FieldTally, expected: FieldType | undefined, value: unknown): void {
  const type = valueType(value);
  if (type === undefined) t.missing++;
  else if (type === expected) t.matching++;
  else t.violations++;
}

/** The type of a column's first present value (closures kept out of the loops that tally: they slow them). */
function firstType(column: ArrayLike<unknown>, length: number): FieldType | undefined {
  let type: FieldType | undefined;
  forEachEntry(column, length, (v) => (type = valueType(v)) !== undefined);
  return type;
}

/** Counts a column's values; holes are missing, as the undefined they read as (read by keys when sparse). */
function countColumn(t: FieldTally, expected: FieldType | undefined, column: ArrayLike<unknown>, length: number): void {
  for (let i = 0; i < length; i++) {
    const v = column[i];
    if (isHole(column, i, v)) return countRest(t, expected, column, length, i);
    countValue(t, expected, v);
  }
}

function countRest(
  t: FieldTally,
  expected: FieldType | undefined,
  column: ArrayLike<unknown>,
  n: number,
  from: number
) {
  const holes = forEachEntry(column, n, (v) => countValue(t, expected, v), from); // adds to t.missing too
  t.missing += holes;
}

/**
 * Data-quality checks of one dataset. The expected type of a field is the declared one, else the
 * one seen in the previous batch, else the first one in this batch. A schema change is a field
 * added, removed or retyped from one batch to the next (the first batch is compared with the
 * declared schema, if any). A field absent from a batch is missing in each of its records if it is
 * declared (or, without a schema, if the previous batch had it).
 */
export class Dataset implements DatasetHandle {
  readonly name: string;
  private readonly store: MetricStore;
  private readonly declared: Schema | undefined;
  private previous: Schema | undefined;
  private readonly fields = new Map<string, FieldCells>();
  private readonly records: ScalarCell;
  private readonly fingerprint: ScalarCell;
  private readonly changes: ScalarCell;
  private readonly invalid: InvalidCounters;
  private readonly watermarkCell: ScalarCell;
  private readonly invalidWatermark: InvalidCounters<InvalidReason>;

  constructor(store: MetricStore, name: string, schema: Record<string, FieldType> | undefined) {
    this.name = name;
    this.store = store;
    const d = { [LABEL.dataset]: name };
    this.records = store.counter('datasetRecords', d);
    this.fingerprint = store.gauge('datasetSchemaFingerprint', d);
    this.changes = store.counter('datasetSchemaChanges', d);
    this.invalid = invalidCounters(store, 'datasetRecords');
    this.watermarkCell = store.gauge('datasetWatermark', d);
    this.invalidWatermark = eventTimeInvalidCounters(store, 'datasetWatermark');
    if (schema) {
      this.declared = new Map(Object.entries(schema));
      this.previous = this.declared;
      this.fingerprint.value = schemaFingerprint(this.declared);
      for (const field of this.declared.keys()) this.cells(field);
    }
  }

  watermark(eventTime: Date | number): void {
    const ms = eventTimeMs(eventTime);
    if (typeof ms === 'string') this.invalidWatermark[ms].value++;
    else this.watermarkCell.value = ms / 1000;
  }

  checkRecords(records: ReadonlyArray<object>): void {
    this.guard(() => this.tallyRecords(records as ReadonlyArray<Record<string, unknown>>));
  }

  checkColumns(columns: Record<string, ArrayLike<unknown>>): void {
    this.guard(() => this.tallyColumns(columns));
  }

  /** The check never throws into the pipeline: exotic input (a throwing getter, a Proxy) is counted. */
  private guard(check: () => void): void {
    try {
      check();
    } catch {
      this.invalid.wrong_type.value++;
    }
  }

  private tallyRecords(records: ReadonlyArray<Record<string, unknown>>): void {
    if (!Array.isArray(records)) {
      this.invalid.wrong_type.value++;
      return;
    }
    const tallies = new Map<string, FieldTally>();
    const rows: Array<Record<string, unknown>> = [];
    // A hole is no record, as undefined is not (read by keys when sparse: O(entries)).
    const holes = forEachEntry(records, records.length, (r) => {
      if (typeof r === 'object' && r !== null && !Array.isArray(r)) rows.push(r as Record<string, unknown>);
      else this.invalid.wrong_type.value++;
    });
    this.invalid.wrong_type.value += holes;
    // Which fields appear, and their type in this batch (first present value).
    for (const r of rows) {
      for (const key in r) {
        let t = tallies.get(key);
        if (!t) tallies.set(key, (t = tally(true)));
        t.type ??= valueType(r[key]);
      }
    }
    for (const field of this.knownFields()) {
      if (!tallies.has(field)) tallies.set(field, tally(false));
    }
    for (const [field, t] of tallies) {
      const expected = this.expectedType(field, t.type);
      for (const r of rows) countValue(t, expected, r[field]);
    }
    this.finishBatch(rows.length, tallies);
  }

  private tallyColumns(columns: Record<string, ArrayLike<unknown>>): void {
    if (typeof columns !== 'object' || columns === null) {
      this.invalid.wrong_type.value++;
      return;
    }
    // A length that is not an array's (`{ length: Infinity }`) is no column: counted, not read.
    const entries: Array<[string, ArrayLike<unknown>, number]> = [];
    for (const [field, column] of Object.entries(columns)) {
      const length = columnLength(column);
      if (length === undefined) this.invalid.wrong_type.value++;
      else entries.push([field, column as ArrayLike<unknown>, length]);
    }
    let n = 0;
    for (const [, , length] of entries) n = Math.max(n, length);
    const tallies = new Map<string, FieldTally>();
    for (const [field, column, length] of entries) {
      const type = firstType(column, length);
      const t = tally(true, type, n - length);
      countColumn(t, this.expectedType(field, type), column, length);
      tallies.set(field, t);
    }
    for (const field of this.knownFields()) {
      if (!tallies.has(field)) tallies.set(field, tally(false, undefined, n));
    }
    this.finishBatch(n, tallies);
  }

  /**
   * The fields that count as missing when absent from a batch: the declared ones if there is a
   * schema, else the previous batch's. An undeclared field that vanishes is a schema change only:
   * counting it as missing would open completeness tickets for a field the dataset never promised.
   */
  private knownFields(): Iterable<string> {
    return this.declared?.keys() ?? this.previous?.keys() ?? [];
  }

  private expectedType(field: string, seen: FieldType | undefined): FieldType | undefined {
    return this.declared?.get(field) ?? this.previous?.get(field) ?? seen;
  }

  private finishBatch(records: number, tallies: Map<string, FieldTally>): void {
    this.records.value += records;
    const observed = new Map<string, FieldType>();
    for (const [field, t] of tallies) {
      const cells = this.cells(field);
      cells.missing.value += t.missing;
      cells.violations.value += t.violations;
      if (cells.masked) cells.masked.value += t.matching + t.missing + t.violations;
      // A few values of another type are violations; the field is retyped only when none has the
      // expected type. A field present only as nulls keeps its type; one that never occurs is removed.
      const type = t.matching > 0 ? this.expectedType(field, t.type) : (t.type ?? this.previous?.get(field));
      if (t.seen && type !== undefined) observed.set(field, type);
    }
    if (records === 0) return;
    if (this.previous) this.changes.value += schemaChanges(this.previous, observed);
    this.previous = observed;
    this.fingerprint.value = schemaFingerprint(observed);
  }

  private cells(field: string): FieldCells {
    let cells = this.fields.get(field);
    if (!cells) {
      const { label, kind } = fieldLabel(field);
      const labels = { [LABEL.dataset]: this.name, [LABEL.field]: label };
      cells = {
        missing: this.store.counter('datasetMissing', labels),
        violations: this.store.counter('datasetTypeViolations', labels),
        masked:
          kind && this.store.counter('datasetFieldsMasked', { [LABEL.dataset]: this.name, [LABEL.piiKind]: kind }),
      };
      // Past the cardinality limit the store hands out the shared overflow cells; stop remembering names.
      if (this.fields.size < this.store.cardinalityLimit) this.fields.set(field, cells);
    }
    return cells;
  }
}
