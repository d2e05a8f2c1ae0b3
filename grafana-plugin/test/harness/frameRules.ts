import {
  DataType,
  type Field as ArrowField,
  RecordBatchFileReader,
  TimeUnit,
  type Table,
  tableFromIPC,
  Type,
} from 'apache-arrow';

/**
 * Decodes one DataResponse frame the way Grafana's Go SDK does (`data/arrow.go`,
 * UnmarshalArrowFrame; protocol doc §5.1) and throws, naming the frame and field, on anything
 * that decoder would reject or misread.
 */
export type DecodedFieldType = 'time' | 'number' | 'string' | 'boolean' | 'binary';

export interface DecodedField {
  name: string;
  type: DecodedFieldType;
  /** The Arrow type as apache-arrow prints it, e.g. `Timestamp<NANOSECOND>`, `Float64`. */
  arrowType: string;
  nullable: boolean;
  labels: Record<string, string> | undefined;
  config: Record<string, unknown> | undefined;
  /** time → epoch ms (number); numbers (int64 as number) / strings / booleans as is; nulls as null. */
  values: Array<number | string | boolean | null>;
  /** time fields only: the exact epoch nanoseconds. */
  nanos?: Array<bigint | null>;
}

export interface DecodedFrame {
  name: string;
  refId: string;
  meta: Record<string, unknown> | undefined;
  fields: DecodedField[];
  length: number;
}

const MAGIC = 'ARROW1';

export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 6).toString('latin1') !== MAGIC || buffer.subarray(-6).toString('latin1') !== MAGIC) {
    throw new Error(
      `frame is not an Arrow IPC file (needs ${MAGIC} at start and end; the stream format is rejected by Grafana)`
    );
  }
  const reader = RecordBatchFileReader.from(buffer);
  reader.open();
  if (!reader.isFile()) throw new Error('frame is not an Arrow IPC file (no footer)');
  const table: Table = tableFromIPC(buffer);
  const metadata = table.schema.metadata;
  const where = `frame ${JSON.stringify(metadata.get('name') ?? '')} (refId ${JSON.stringify(metadata.get('refId') ?? '')})`;
  const meta = metadata.has('meta') ? jsonObject(metadata.get('meta')!, `${where}: schema metadata meta`) : undefined;
  if (meta?.typeVersion !== undefined) {
    const tv = meta.typeVersion;
    if (!Array.isArray(tv) || tv.length !== 2 || !tv.every((n) => Number.isInteger(n))) {
      throw new Error(`${where}: meta.typeVersion must be [major, minor], got ${JSON.stringify(tv)}`);
    }
  }
  const fields = table.schema.fields.map((field, index) =>
    decodeField(table, field, index, `${where} field ${JSON.stringify(field.name)}`)
  );
  return { name: metadata.get('name') ?? '', refId: metadata.get('refId') ?? '', meta, fields, length: table.numRows };
}

function decodeField(table: Table, field: ArrowField, index: number, where: string): DecodedField {
  const type = fieldType(field.type, where);
  const labelsMeta = field.metadata.get('labels');
  const configMeta = field.metadata.get('config');
  const labels =
    labelsMeta === undefined ? undefined : stringMap(jsonObject(labelsMeta, `${where}: labels`), `${where}: labels`);
  const config = configMeta === undefined ? undefined : jsonObject(configMeta, `${where}: config`);
  const column = table.getChildAt(index);
  if (column === null || column.length !== table.numRows) {
    throw new Error(`${where}: ${column?.length ?? 0} values, the frame has ${table.numRows} rows`);
  }
  const raw: unknown[] = [...column];
  const decoded: DecodedField = {
    name: field.name,
    type,
    arrowType: String(field.type),
    nullable: field.nullable,
    labels,
    config,
    values: [],
  };
  if (!field.nullable && column.nullCount > 0) {
    throw new Error(`${where}: ${column.nullCount} nulls in a non-nullable field (Grafana reads them as zero values)`);
  }
  if (type === 'time') {
    // apache-arrow returns ns timestamps as ms numbers; read the exact nanoseconds instead.
    decoded.nanos = readNanos(table, index);
    decoded.values = decoded.nanos.map((ns) => (ns === null ? null : Number(ns) / 1e6));
  } else {
    decoded.values = raw.map((v) => (typeof v === 'bigint' ? Number(v) : (v as number | string | boolean | null)));
  }
  return decoded;
}

function readNanos(table: Table, index: number): Array<bigint | null> {
  const out: Array<bigint | null> = [];
  const column = table.getChildAt(index)!;
  for (const data of column.data) {
    const values = data.values as BigInt64Array;
    for (let i = 0; i < data.length; i++) out.push(data.getValid(i) ? values[i]! : null);
  }
  return out;
}

function fieldType(type: DataType, where: string): DecodedFieldType {
  switch (type.typeId) {
    case Type.Utf8:
    case Type.Utf8View:
      return 'string';
    case Type.Int:
    case Type.Float:
      if (DataType.isFloat(type) && type.precision === 0) break; // Float16 is not in the decoder's switch
      return 'number';
    case Type.Bool:
      return 'boolean';
    case Type.Binary:
      return 'binary';
    case Type.Timestamp:
      if (DataType.isTimestamp(type)) {
        if (type.unit !== TimeUnit.NANOSECOND) {
          throw new Error(
            `${where}: ${String(type)}; Grafana reads every timestamp as nanoseconds, so it must be Timestamp<NANOSECOND>`
          );
        }
        if (type.timezone)
          throw new Error(`${where}: timestamp with timezone ${type.timezone}; Grafana ignores it, write none`);
      }
      return 'time';
    default:
      break;
  }
  throw new Error(
    `${where}: Arrow type ${String(type)} is not one Grafana decodes (Utf8, Int*, Uint*, Float32/64, Bool, Timestamp, Binary); the whole response would fail`
  );
}

function jsonObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${where}: not valid JSON: ${text}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${where}: not a JSON object: ${text}`);
  return value as Record<string, unknown>;
}

function stringMap(value: Record<string, unknown>, where: string): Record<string, string> {
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`${where}: label ${k} is ${JSON.stringify(v)}, labels must be strings`);
  }
  return value as Record<string, string>;
}

/**
 * Grafana-managed alerting (protocol doc §7.2): every value series must have a distinct label set,
 * or the rule fails with "frame cannot uniquely be identified by its labels".
 */
export function assertUniqueSeriesLabels(frames: readonly DecodedFrame[]): void {
  const seen = new Map<string, string>();
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== 'number') continue;
      const key = JSON.stringify(Object.entries(field.labels ?? {}).sort(([a], [b]) => a.localeCompare(b)));
      const where = `frame ${JSON.stringify(frame.name)} field ${JSON.stringify(field.name)}`;
      const previous = seen.get(key);
      if (previous !== undefined)
        throw new Error(`${where} has the same labels ${key} as ${previous}; alert instances would collide`);
      seen.set(key, where);
    }
  }
}
