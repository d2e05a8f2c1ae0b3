import { tableFromIPC, Type } from 'apache-arrow';
import { encodeFrame, encodeFrames } from '../backend/src/protocol/arrowFrames.ts';
import { ipcBytes } from '../backend/src/protocol/arrowIpcFile.ts';
import type { DataFrame } from '../backend/src/sdk/index.ts';
import { decodeFrame } from './harness/index.ts';

const series: DataFrame = {
  name: 'psi feature=age',
  refId: 'A',
  meta: { type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: 'sum(rate(x[5m]))' },
  fields: [
    { name: 'time', type: 'time', values: [1_700_000_000_123, 1_700_000_060_000.5] },
    {
      name: 'psi',
      type: 'number',
      values: [0.25, NaN],
      labels: { feature: 'age', model: 'churn' },
      config: { unit: 'none', displayNameFromDS: 'age' },
    },
  ],
};

describe('encodeFrame', () => {
  it('writes the Arrow IPC file format, not the stream format', () => {
    const bytes = encodeFrame(series);
    expect(Buffer.from(bytes.subarray(0, 6)).toString()).toBe('ARROW1');
    expect(Buffer.from(bytes.subarray(-6)).toString()).toBe('ARROW1');
  });

  it('puts name, refId and meta in the schema metadata', () => {
    const frame = decodeFrame(encodeFrame(series));
    expect(frame.name).toBe('psi feature=age');
    expect(frame.refId).toBe('A');
    expect(frame.meta).toEqual(series.meta);
  });

  it('encodes time as exact Timestamp<NANOSECOND> without a timezone', () => {
    const frame = decodeFrame(encodeFrame(series));
    const time = frame.fields[0]!;
    expect(time.arrowType).toBe('Timestamp<NANOSECOND>');
    expect(time.nullable).toBe(false);
    expect(time.nanos).toEqual([1_700_000_000_123_000_000n, 1_700_000_060_000_500_000n]);
  });

  it('encodes numbers as nullable Float64 with NaN as null, labels and config on the field', () => {
    const value = decodeFrame(encodeFrame(series)).fields[1]!;
    expect(value.arrowType).toBe('Float64');
    expect(value.nullable).toBe(true);
    expect(value.values).toEqual([0.25, null]);
    expect(value.labels).toEqual({ feature: 'age', model: 'churn' });
    expect(value.config).toEqual({ unit: 'none', displayNameFromDS: 'age' });
  });

  it('marks every NaN null, across validity-bitmap bytes and in a partial last byte', () => {
    const values = Array.from({ length: 19 }, (_, i) => ([0, 7, 8, 18].includes(i) ? NaN : i));
    const table = tableFromIPC(encodeFrame({ fields: [{ name: 'v', type: 'number', values }] }));
    expect(table.getChildAt(0)!.nullCount).toBe(4);
    expect(decodeFrame(encodeFrame({ fields: [{ name: 'v', type: 'number', values }] })).fields[0]!.values).toEqual(
      values.map((v) => (Number.isNaN(v) ? null : v))
    );
    const clean = tableFromIPC(encodeFrame({ fields: [{ name: 'v', type: 'number', values: [1, 2, 3] }] }));
    expect(clean.getChildAt(0)!.data[0]!.nullBitmap?.byteLength ?? 0).toBe(0);
  });

  it('encodes strings as plain Utf8 (never Dictionary), keeping UTF-8 and nulls', () => {
    const bytes = encodeFrame({
      fields: [{ name: 'feature', type: 'string', values: ['größe', 'größe', null, '特征'] }],
    });
    const table = tableFromIPC(bytes);
    expect(table.schema.fields[0]!.typeId).toBe(Type.Utf8);
    expect(decodeFrame(bytes).fields[0]!.values).toEqual(['größe', 'größe', null, '特征']);
  });

  it('encodes booleans as Bool', () => {
    const field = decodeFrame(
      encodeFrame({ fields: [{ name: 'anomaly', type: 'boolean', values: [true, false, null] }] })
    ).fields[0]!;
    expect(field.arrowType).toBe('Bool');
    expect(field.values).toEqual([true, false, null]);
  });

  it('writes no labels or config metadata when the field has none', () => {
    const table = tableFromIPC(encodeFrame({ fields: [{ name: 'v', type: 'number', values: [1] }] }));
    const metadata = table.schema.fields[0]!.metadata;
    expect(metadata.has('labels')).toBe(false);
    expect(metadata.has('config')).toBe(false);
    expect(metadata.get('tstype')).toBe('number');
  });

  it('encodes zero-field and zero-row frames that still decode', () => {
    expect(decodeFrame(encodeFrame({ refId: 'B', fields: [] }))).toMatchObject({ refId: 'B', fields: [], length: 0 });
    const empty = decodeFrame(
      encodeFrame({
        refId: 'C',
        fields: [
          { name: 'time', type: 'time', values: [] },
          { name: 'v', type: 'number', values: [] },
        ],
      })
    );
    expect(empty.length).toBe(0);
    expect(empty.fields.map((f) => f.type)).toEqual(['time', 'number']);
  });

  it('writes an empty refId and name when the frame has none, and no meta key', () => {
    const table = tableFromIPC(encodeFrame({ fields: [] }));
    expect(table.schema.metadata.get('refId')).toBe('');
    expect(table.schema.metadata.get('name')).toBe('');
    expect(table.schema.metadata.has('meta')).toBe(false);
  });

  it('rejects fields of unequal length, naming the field', () => {
    expect(() =>
      encodeFrame({
        fields: [
          { name: 'time', type: 'time', values: [1, 2] },
          { name: 'value', type: 'number', values: [1] },
        ],
      })
    ).toThrow(/field 1 \("value"\) has 1 values, field 0 has 2/);
  });

  it('rejects non-finite times, naming the field and row', () => {
    expect(() => encodeFrame({ fields: [{ name: 'time', type: 'time', values: [1, NaN] }] })).toThrow(
      /time field "time": row 1 is NaN/
    );
  });

  it('encodes 100k rows exactly', () => {
    const n = 100_000;
    const times = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 1000);
    const values = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? NaN : i / 7));
    const frame = decodeFrame(
      encodeFrame({
        fields: [
          { name: 'time', type: 'time', values: times },
          { name: 'v', type: 'number', values },
        ],
      })
    );
    expect(frame.length).toBe(n);
    expect(frame.fields[0]!.nanos![n - 1]).toBe(BigInt(times[n - 1]!) * 1_000_000n);
    expect(frame.fields[1]!.values[10]).toBeNull();
    expect(frame.fields[1]!.values[11]).toBe(11 / 7);
  });

  it('converts ms to ns exactly before 1970, across 32-bit boundaries and past year 2248', () => {
    const times = [0, 1, -1, 2 ** 32 - 1, 2 ** 32, -(2 ** 32), -(2 ** 32) - 1, 1_700_000_000_123, -3_155_760_000_000];
    times.push(2 ** 43 - 1, -(2 ** 43) + 1, 2 ** 43, -(2 ** 43), 9_000_000_000_000, 1_700_000_000_000.25);
    for (let i = 0, x = 12345; i < 2000; i++) {
      x = (x * 48271) % 2147483647;
      times.push(Math.round((x / 2147483647 - 0.5) * 2 ** 44));
    }
    const frame = decodeFrame(encodeFrame({ fields: [{ name: 'time', type: 'time', values: times }] }));
    const exact = times.map((ms) => {
      const whole = Math.trunc(ms);
      return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
    });
    expect(frame.fields[0]!.nanos).toEqual(exact);
  });
});

describe('decodeFrame (the harness decoder) rejects what Grafana cannot read', () => {
  it('rejects the stream format', async () => {
    const { tableToIPC } = await import('apache-arrow');
    const stream = tableToIPC(tableFromIPC(encodeFrame(series)), 'stream');
    expect(() => decodeFrame(stream)).toThrow(/not an Arrow IPC file/);
  });

  it('rejects dictionary-encoded strings and millisecond timestamps', async () => {
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    expect(() => decodeFrame(tableToIPC(tableFromArrays({ s: ['a', 'b'] }), 'file'))).toThrow(
      /Dictionary.*not one Grafana decodes/
    );
    expect(() => decodeFrame(tableToIPC(tableFromArrays({ t: [new Date(0)] }), 'file'))).toThrow(
      /Timestamp<NANOSECOND>/
    );
  });
});

describe('encodeFrames', () => {
  it('encodes each frame as encodeFrame does, frames sharing one time array included', () => {
    const times = [1_700_000_000_000, 1_700_000_300_000.25];
    const frame = (name: string, values: number[], time: number[] = times): DataFrame => ({
      name,
      refId: 'A',
      fields: [
        { name: 'time', type: 'time', values: time },
        { name: 'psi', type: 'number', values, labels: { feature: name } },
      ],
    });
    const frames = [frame('a', [1, 2]), frame('b', [3, NaN]), frame('c', [5, 6], [1, 2]), frame('d', [7, 8])];
    const encoded = encodeFrames(frames).map(ipcBytes);
    expect(encoded.map((bytes) => Buffer.from(bytes))).toEqual(frames.map((f) => Buffer.from(encodeFrame(f))));
    expect(decodeFrame(encoded[3]!).fields[0]!.nanos).toEqual([1_700_000_000_000_000_000n, 1_700_000_300_000_250_000n]);
    expect(decodeFrame(encoded[2]!).fields[0]!.nanos).toEqual([1_000_000n, 2_000_000n]);
  });
});
