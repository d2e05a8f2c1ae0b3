import { resourceMessages } from '../backend/src/protocol/grpcServer.ts';
import type { WireQueryDataRequest } from '../backend/src/protocol/messages.ts';
import { toDataQuery, toRequestContext, toResourceRequest } from '../backend/src/protocol/requestContext.ts';
import { SERVICES } from '../backend/src/protocol/services.ts';

/** Round-trips a request through the real protobuf codec, as the server receives it. */
function overTheWire(request: object): WireQueryDataRequest {
  const method = SERVICES.data.QueryData!;
  return method.requestDeserialize(method.requestSerialize(request)) as WireQueryDataRequest;
}

describe('protobuf → sdk conversion', () => {
  const request = overTheWire({
    pluginContext: {
      orgId: 7,
      pluginId: 'sieve-datamining-datasource',
      dataSourceInstanceSettings: {
        uid: 'ds1',
        name: 'Sieve',
        url: 'http://prometheus:9090',
        basicAuthEnabled: true,
        basicAuthUser: 'grafana',
        jsonData: Buffer.from(JSON.stringify({ timeoutSeconds: 30, note: 'Größe ✓' })),
        decryptedSecureJsonData: { basicAuthPassword: 'pw-1234' },
        lastUpdatedMS: 1_700_000_000_123,
      },
    },
    headers: { Fromalert: 'true', 'http_X-Foo': 'bar' },
    queries: [
      {
        refId: 'A',
        queryType: 'drift',
        maxDataPoints: 43200,
        intervalMS: 1000,
        timeRange: { fromEpochMS: 1_700_000_000_000, toEpochMS: 1_700_003_600_000 },
        json: Buffer.from('{"feature":"größe","emoji":"🙂"}'),
      },
    ],
  });

  it('turns int64 fields into numbers', () => {
    const q = toDataQuery(request.queries[0]!);
    expect(q).toMatchObject({ refId: 'A', queryType: 'drift', maxDataPoints: 43200, intervalMs: 1000 });
    expect(q.timeRange).toEqual({ fromMs: 1_700_000_000_000, toMs: 1_700_003_600_000 });
    const ctx = toRequestContext(request.pluginContext, request.headers, new AbortController().signal);
    expect(ctx.orgId).toBe(7);
    expect(ctx.instanceSettings?.lastUpdatedMs).toBe(1_700_000_000_123);
  });

  it('decodes JSON bytes as UTF-8', () => {
    expect(JSON.parse(toDataQuery(request.queries[0]!).json)).toEqual({ feature: 'größe', emoji: '🙂' });
    const ctx = toRequestContext(request.pluginContext, request.headers, new AbortController().signal);
    expect(ctx.instanceSettings?.jsonData).toEqual({ timeoutSeconds: 30, note: 'Größe ✓' });
  });

  it('detects alert requests by the FromAlert header in any case, and passes settings through', () => {
    const ctx = toRequestContext(request.pluginContext, request.headers, new AbortController().signal);
    expect(ctx.fromAlert).toBe(true);
    expect(ctx.user).toBeUndefined();
    expect(ctx.instanceSettings).toMatchObject({
      uid: 'ds1',
      url: 'http://prometheus:9090',
      basicAuthEnabled: true,
      basicAuthUser: 'grafana',
      decryptedSecureJsonData: { basicAuthPassword: 'pw-1234' },
    });
  });

  it('fills defaults for an empty request', () => {
    const empty = overTheWire({});
    const ctx = toRequestContext(empty.pluginContext, empty.headers, new AbortController().signal);
    expect(ctx).toMatchObject({ orgId: 0, fromAlert: false, instanceSettings: undefined });
    expect(empty.queries).toEqual([]);
  });

  it('converts resource requests, stripping the leading slash', () => {
    const r = toResourceRequest({
      pluginContext: null,
      path: '/features',
      method: '',
      url: '/api/datasources/uid/x/resources/features?model=a',
      headers: { Accept: { values: ['application/json'] } },
      body: new Uint8Array(),
    });
    expect(r).toMatchObject({ path: 'features', method: 'GET', headers: { Accept: ['application/json'] } });
  });
});

describe('resourceMessages', () => {
  it('always sends a real code and Content-Type in the first message', () => {
    const [first, ...rest] = resourceMessages({ status: 0, headers: {}, body: new Uint8Array([1]) });
    expect(first).toMatchObject({ code: 500, headers: { 'Content-Type': { values: ['application/json'] } } });
    expect(rest).toEqual([]);
  });

  it("keeps the handler's Content-Type and streams large bodies in chunks", () => {
    const body = new Uint8Array(10).map((_, i) => i);
    const messages = resourceMessages({ status: 200, headers: { 'content-type': ['text/plain'] }, body }, 4);
    expect(messages.map((m) => [...m.body])).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(messages[0]).toMatchObject({ code: 200, headers: { 'content-type': { values: ['text/plain'] } } });
    expect(Object.keys(messages[1]!.headers)).toEqual([]);
  });

  it('sends one message for an empty body', () => {
    expect(resourceMessages({ status: 204, headers: {}, body: new Uint8Array() })).toHaveLength(1);
  });
});
