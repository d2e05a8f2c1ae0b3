import {
  Bool,
  type Data,
  type DataType,
  Field as ArrowField,
  Float64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  TimestampNanosecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import type { DataFrame, Field } from '../sdk/index.ts';
import { ipcBytes, ipcFile, type IpcFile } from './arrowIpcFile.ts';

/**
 * Encodes an sdk DataFrame as one Arrow IPC *file* (protocol doc §5), the way Grafana's Go decoder
 * reads it:
 * - the file format (magic `ARROW1` + footer); the stream format is rejected;
 * - schema metadata `name`, `refId` and, when set, `meta` (FrameMeta JSON);
 * - time → Timestamp(NANOSECOND, no timezone) built from a BigInt64Array, exact to the ns;
 * - number → nullable Float64 (NaN → null); string → plain Utf8 (never Dictionary); boolean → Bool;
 * - field metadata `labels` and `config` (JSON) when set, and the Go writer's `tstype` hint.
 * Invalid frames (unequal lengths, non-finite times) throw, naming the field.
 */
export function encodeFrame(frame: DataFrame): Uint8Array {
  return ipcBytes(encode(frame, new Map()));
}

/**
 * The frames of one response, as files in parts that the answer's encoder copies once
 * (arrowIpcFile.ts). Frames that share a time array (a drift panel: 100 frames on one grid)
 * share its nanosecond column, converted once instead of per frame.
 */
export function encodeFrames(frames: readonly DataFrame[]): IpcFile[] {
  const timeColumns: TimeColumns = new Map();
  return frames.map((frame) => encode(frame, timeColumns));
}

/** Nanosecond columns already built within one encodeFrames call, by source array. */
type TimeColumns = Map<ArrayLike<number>, BigInt64Array>;

function encode(frame: DataFrame, timeColumns: TimeColumns): IpcFile {
  const length = frame.fields[0]?.values.length ?? 0;
  const columns = frame.fields.map((field, index) => {
    if (field.values.length !== length) {
      throw new Error(
        `frame ${JSON.stringify(frame.name ?? '')}: field ${index} (${JSON.stringify(field.name)}) has ${field.values.length} values, field 0 has ${length}`
      );
    }
    return encodeField(field, timeColumns);
  });
  const schemaMetadata = new Map<string, string>([
    ['name', frame.name ?? ''],
    ['refId', frame.refId ?? ''],
  ]);
  if (frame.meta !== undefined) schemaMetadata.set('meta', JSON.stringify(frame.meta));
  const schema = new Schema(
    columns.map((c) => c.field),
    schemaMetadata
  );
  if (columns.length === 0) return ipcFile(schema);
  const struct = makeData({
    type: new Struct(schema.fields),
    length,
    nullCount: 0,
    children: columns.map((c) => c.data),
  });
  return ipcFile(schema, new RecordBatch(schema, struct));
}

interface Column {
  field: ArrowField;
  data: Data<DataType>;
}

function encodeField(field: Field, timeColumns: TimeColumns): Column {
  const metadata = new Map<string, string>();
  if (field.labels !== undefined) metadata.set('labels', JSON.stringify(field.labels));
  if (field.config !== undefined) metadata.set('config', JSON.stringify(field.config));
  switch (field.type) {
    case 'time': {
      metadata.set('tstype', 'time');
      const type = new TimestampNanosecond();
      let ns = timeColumns.get(field.values);
      if (ns === undefined) timeColumns.set(field.values, (ns = epochMsToNs(field)));
      const data = makeData({ type, length: field.values.length, nullCount: 0, data: ns });
      return { field: new ArrowField(field.name, type, false, metadata), data };
    }
    case 'number': {
      metadata.set('tstype', 'number');
      const type = new Float64();
      // Typed arrays from the datasource are used as they are (copied once, into the answer), so a
      // frame's arrays must not change after queryData returns: the answer may wait for its send budget.
      const values = field.values instanceof Float64Array ? field.values : Float64Array.from(field.values);
      const { nullBitmap, nullCount } = nanValidity(values);
      const data = makeData({ type, length: values.length, nullCount, nullBitmap, data: values });
      return { field: new ArrowField(field.name, type, true, metadata), data };
    }
    case 'string': {
      metadata.set('tstype', 'string');
      const type = new Utf8();
      const data = vectorFromArray(field.values as Array<string | null>, type).data[0] as Data<Utf8>;
      return { field: new ArrowField(field.name, type, true, metadata), data };
    }
    case 'boolean': {
      metadata.set('tstype', 'boolean');
      const type = new Bool();
      const data = vectorFromArray(field.values as Array<boolean | null>, type).data[0] as Data<Bool>;
      return { field: new ArrowField(field.name, type, true, metadata), data };
    }
  }
}

const NS_PER_MS = 1_000_000n;

/** Epoch ms (possibly fractional) → exact epoch ns, without float64 rounding of the product. */
function epochMsToNs(field: Field & { type: 'time' }): BigInt64Array {
  const values = field.values;
  const out = new BigInt64Array(values.length);
  // The 32-bit words of each int64 (little-endian: low word first), for the common case below.
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const ms = values[i] as number;
    if (!Number.isFinite(ms))
      throw new Error(`time field ${JSON.stringify(field.name)}: row ${i} is ${ms}, not a time`);
    if (LITTLE_ENDIAN && Number.isInteger(ms) && ms > -MS_SPLIT_LIMIT && ms < MS_SPLIT_LIMIT) {
      // Whole ms without BigInt or a float division: with ms = hi·2^32 + lo and lo·10^6 =
      // pHi·2^32 + pLo, ms·10^6 = (hi·10^6 + pHi)·2^32 + pLo. Every term is an integer below
      // 2^53, so exact; `>>> 0` and the Uint32Array store take them mod 2^32 (two's complement
      // for times before 1970).
      const lo = ms >>> 0;
      const hi = (ms - lo) / 4294967296;
      const p = lo * 1e6;
      const pLo = p >>> 0;
      words[2 * i] = pLo;
      words[2 * i + 1] = hi * 1e6 + (p - pLo) / 4294967296;
      continue;
    }
    const whole = Math.trunc(ms);
    out[i] = BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** 2^43 ms (year 2248): within it, ms·10^6 fits an int64 and epochMsToNs's split is exact. */
const MS_SPLIT_LIMIT = 2 ** 43;

/** Arrow validity bitmap (1 = valid, NaN = null), or none when every value is valid. */
function nanValidity(values: Float64Array): { nullBitmap?: Uint8Array; nullCount: number } {
  const length = values.length;
  // One pass, a byte at a time; the bitmap (length / 64 of the values) is dropped when nothing is null.
  const bitmap = new Uint8Array(Math.ceil(length / 8));
  let valid = 0;
  for (let i = 0; i < length; i += 8) {
    const end = Math.min(i + 8, length);
    let byte = 0;
    for (let j = i; j < end; j++) {
      const v = values[j]!;
      if (v === v) {
        byte |= 1 << (j - i);
        valid++;
      }
    }
    bitmap[i >> 3] = byte;
  }
  const nullCount = length - valid;
  return nullCount === 0 ? { nullCount } : { nullBitmap: bitmap, nullCount };
}
