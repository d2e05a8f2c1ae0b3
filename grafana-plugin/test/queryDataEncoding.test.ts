import protobuf from 'protobufjs';
import { ipcBytes, ipcFile } from '../backend/src/protocol/arrowIpcFile.ts';
import { encodeFrames } from '../backend/src/protocol/arrowFrames.ts';
import { PROTO_FILES } from '../backend/src/protocol/protoFiles.ts';
import { encodeQueryDataResponse, type OutgoingFrame } from '../backend/src/protocol/queryDataEncoding.ts';
import type { WireQueryDataResponse } from '../backend/src/protocol/messages.ts';
import { SERVICES } from '../backend/src/protocol/services.ts';
import { Schema } from 'apache-arrow';

/** The generic protobufjs encoder, over the same .proto texts. */
const root = new protobuf.Root();
for (const text of Object.values(PROTO_FILES)) protobuf.parse(text, root, { keepCase: true });
root.resolveAll();
const QueryDataResponse = root.lookupType('pluginv2.QueryDataResponse');
const decodeOptions = { longs: Number, enums: String, defaults: true, arrays: true, objects: true };
const decode = (bytes: Uint8Array) => QueryDataResponse.toObject(QueryDataResponse.decode(bytes), decodeOptions);

function asBytes(message: WireQueryDataResponse<OutgoingFrame>): WireQueryDataResponse {
  const responses = Object.create(null) as WireQueryDataResponse['responses'];
  for (const [refId, r] of Object.entries(message.responses)) {
    responses[refId] = { ...r, frames: r.frames.map((f) => (f instanceof Uint8Array ? f : ipcBytes(f))) };
  }
  return { responses };
}

describe('encodeQueryDataResponse', () => {
  const big = new Float64Array(5000).map((_, i) => i / 7); // a frame past 2^14 bytes: 3-byte lengths
  const frames = encodeFrames([
    { name: 'a', fields: [{ name: 'v', type: 'number', values: [1, NaN, 3] }] },
    { name: 'b', meta: { notices: [{ severity: 'info', text: 'ü ✓' }] }, fields: [] },
    { name: 'big', fields: [{ name: 'v', type: 'number', values: big }] },
  ]);
  const responses = Object.create(null) as WireQueryDataResponse<OutgoingFrame>['responses'];
  responses.A = { frames, error: '', status: 200, errorSource: '' };
  responses.__proto__ = { frames: [frames[0]!], error: '', status: 200, errorSource: '' };
  responses['é'] = { frames: [], error: 'query é: “bad” request', status: 400, errorSource: 'plugin' };
  responses.Z = { frames: [new Uint8Array([1, 2, 3]), new Uint8Array(0)], error: '', status: 0, errorSource: '' };
  responses.N = { frames: [], error: 'negative', status: -1, errorSource: 'downstream' };
  responses.E = { frames: [ipcFile(new Schema([]))], error: '', status: 200, errorSource: '' };

  it('decodes to what the generic protobuf encoder writes for the same answer', () => {
    const message = { responses };
    const generic = QueryDataResponse.encode(QueryDataResponse.fromObject(asBytes(message))).finish();
    expect(decode(encodeQueryDataResponse(message))).toEqual(decode(generic));
    expect(Object.keys(decode(encodeQueryDataResponse(message)).responses as object).sort()).toEqual(
      ['A', '__proto__', 'é', 'Z', 'N', 'E'].sort()
    );
  });

  it('is the QueryData response serializer, and gRPC clients read its frames byte for byte', () => {
    const definition = SERVICES.data.QueryData!;
    const wire = definition.responseSerialize({ responses }) as Buffer;
    const read = definition.responseDeserialize(wire) as WireQueryDataResponse;
    expect(read.responses.A!.frames.map((f) => Buffer.from(f))).toEqual(frames.map((f) => Buffer.from(ipcBytes(f))));
    expect(read.responses['é']).toMatchObject({ error: 'query é: “bad” request', status: 400, errorSource: 'plugin' });
    expect(read.responses.N!.status).toBe(-1);
  });

  it('encodes an empty answer as an empty message', () => {
    expect(encodeQueryDataResponse({ responses: {} }).byteLength).toBe(0);
  });
});
