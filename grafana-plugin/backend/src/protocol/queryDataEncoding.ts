import { type IpcFile, writeIpcFile } from './arrowIpcFile.ts';
import type { WireQueryDataResponse } from './messages.ts';

/** A frame as the server sends it: an Arrow IPC file in parts, or (from elsewhere) its bytes. */
export type OutgoingFrame = IpcFile | Uint8Array;

/**
 * pluginv2.QueryDataResponse in the protobuf wire format, written into one buffer sized up front.
 * Each frame's parts (arrowIpcFile.ts) are copied once, straight into the message: the generic
 * encoder needs every frame as one array first (a second copy of megabytes per answer), and
 * builds the message through an intermediate object and operation list besides.
 *
 *   QueryDataResponse: responses = 1 (map<string, DataResponse>: entries of key = 1, value = 2)
 *   DataResponse: frames = 1 (repeated bytes), error = 2, status = 4, errorSource = 5
 *
 * jsonMeta (3) and format (6) are never set by this plugin. Strings and numbers at their proto3
 * default are left out, as protobuf encoders do; map entries always carry key and value.
 */
export function encodeQueryDataResponse(message: WireQueryDataResponse<OutgoingFrame>): Buffer {
  const entries = Object.keys(message.responses).map((key) => {
    const r = message.responses[key]!;
    const status = r.status | 0;
    const sizes = {
      key: Buffer.byteLength(key),
      error: Buffer.byteLength(r.error),
      errorSource: Buffer.byteLength(r.errorSource),
    };
    let value = optionalField(sizes.error) + optionalField(sizes.errorSource);
    for (const frame of r.frames) value += field(frame.byteLength);
    if (status !== 0) value += 1 + varintSize(status);
    return { key, r, status, sizes, value, entry: field(sizes.key) + field(value) };
  });
  const total = entries.reduce((sum, e) => sum + field(e.entry), 0);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  const tag = (field: number, wireType: number) => (at = writeVarint(out, at, (field << 3) | wireType));
  const string = (field: number, text: string, bytes: number) => {
    tag(field, LEN);
    at = writeVarint(out, at, bytes);
    at += out.write(text, at, 'utf8');
  };
  for (const { key, r, status, sizes, value, entry } of entries) {
    tag(1, LEN);
    at = writeVarint(out, at, entry);
    string(1, key, sizes.key);
    tag(2, LEN);
    at = writeVarint(out, at, value);
    for (const frame of r.frames) {
      tag(1, LEN);
      at = writeVarint(out, at, frame.byteLength);
      if (frame instanceof Uint8Array) {
        out.set(frame, at);
        at += frame.byteLength;
      } else at = writeIpcFile(frame, out, at);
    }
    if (sizes.error > 0) string(2, r.error, sizes.error);
    if (status !== 0) {
      tag(4, VARINT);
      at = writeVarint(out, at, status);
    }
    if (sizes.errorSource > 0) string(5, r.errorSource, sizes.errorSource);
  }
  if (at !== total) throw new Error(`QueryDataResponse encoding wrote ${at} of ${total} bytes`);
  return out;
}

const VARINT = 0;
const LEN = 2;

/** Bytes of a length-delimited field of `bytes` payload bytes: one-byte tag, varint length, payload. */
function field(bytes: number): number {
  return 1 + varintSize(bytes) + bytes;
}

/** The same for a string left out when empty (its proto3 default). */
function optionalField(bytes: number): number {
  return bytes === 0 ? 0 : field(bytes);
}

/** Varint size of a non-negative integer below 2^53, or of a negative int32 (ten bytes, sign-extended). */
function varintSize(n: number): number {
  if (n < 0) return 10;
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Buffer, at: number, n: number): number {
  if (n < 0) {
    // int32 fields encode negatives as 64-bit two's complement.
    let big = BigInt.asUintN(64, BigInt(n));
    for (let i = 0; i < 9; i++, big >>= 7n) out[at++] = Number(big & 127n) | 128;
    out[at++] = Number(big);
    return at;
  }
  while (n >= 128) {
    out[at++] = (n % 128) | 128;
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}
