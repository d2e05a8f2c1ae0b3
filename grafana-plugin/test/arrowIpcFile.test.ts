import {
  Bool,
  type Data,
  Dictionary,
  type DataType,
  Field,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  TimestampNanosecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { ipcBytes, ipcFile, writeIpcFile } from '../backend/src/protocol/arrowIpcFile.ts';

/** One batch of the given columns, with schema metadata as frames carry it. */
function batchOf(columns: Record<string, Data>): RecordBatch {
  const fields = Object.entries(columns).map(
    ([name, d]) => new Field(name, d.type, true, new Map([['labels', `{"name":"${name}"}`]]))
  );
  const schema = new Schema(
    fields,
    new Map([
      ['name', 'frame'],
      ['refId', 'A'],
    ])
  );
  const data = makeData({
    type: new Struct(schema.fields),
    length: Object.values(columns)[0]?.length ?? 0,
    nullCount: 0,
    children: Object.values(columns),
  });
  return new RecordBatch(schema, data);
}

describe('ipcFile', () => {
  it('refuses a dictionary-encoded column instead of writing a file without its dictionary', () => {
    const table = new Table({ kind: vectorFromArray(['a', 'b', 'a'], new Dictionary(new Utf8(), new Int32())) });
    expect(() => ipcFile(table.schema, table.batches[0])).toThrow(/dictionary-encoded columns are not supported/);
  });

  it('gives the bytes of apache-arrow’s own file writer, for every column type a frame uses', () => {
    const column = (values: unknown[], type: DataType): Data => vectorFromArray(values as never, type).data[0]!;
    const time = makeData({
      type: new TimestampNanosecond(),
      length: 3,
      nullCount: 0,
      data: BigInt64Array.from([1n, 2_000_000n, 3n]),
    });
    const batches = [
      batchOf({
        time,
        value: column([1.5, null, -2], new Float64()),
        text: column(['a', null, 'ccc'], new Utf8()),
        flag: column([true, null, false], new Bool()),
      }),
      // Odd lengths, so buffers need padding; no nulls, so no validity buffer.
      batchOf({ v: column([1, 2, 3, 4, 5], new Float64()), s: column(['x', 'yy', 'z', '', 'w'], new Utf8()) }),
      batchOf({ v: column([], new Float64()) }),
    ];
    for (const batch of batches) {
      const expected = tableToIPC(new Table([batch]), 'file');
      expect(Buffer.from(ipcBytes(ipcFile(batch.schema, batch)))).toEqual(Buffer.from(expected));
    }
  });

  it('writes a schema-only file for a frame without fields', () => {
    const schema = new Schema([], new Map([['name', 'empty']]));
    expect(Buffer.from(ipcBytes(ipcFile(schema)))).toEqual(Buffer.from(tableToIPC(new Table(schema), 'file')));
  });

  it('keeps column buffers as views and copies them only when written', () => {
    const values = new Float64Array([1, 2, 3]);
    const batch = batchOf({ v: makeData({ type: new Float64(), length: 3, nullCount: 0, data: values }) });
    const file = ipcFile(batch.schema, batch);
    expect(file.parts.some((part) => part.buffer === values.buffer)).toBe(true);
    expect(file.byteLength).toBe(file.parts.reduce((sum, part) => sum + part.byteLength, 0));
    const target = new Uint8Array(file.byteLength + 10);
    expect(writeIpcFile(file, target, 4)).toBe(4 + file.byteLength);
    expect(Buffer.from(target.subarray(4, 4 + file.byteLength))).toEqual(Buffer.from(ipcBytes(file)));
  });
});
