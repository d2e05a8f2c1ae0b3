import { createLogger } from '../backend/src/protocol/logger.ts';
import { capTotalBytes, dispatchQueries } from '../backend/src/protocol/queryDispatch.ts';
import type { WireDataResponse } from '../backend/src/protocol/messages.ts';
import { SERVICES } from '../backend/src/protocol/services.ts';
import type { DataQuery, QueryDataHandler, RequestContext } from '../backend/src/sdk/index.ts';

/** refIds are user text: every one, `__proto__` included, gets its own answer. */
function query(refId: string, json = '{}'): DataQuery {
  return { refId, queryType: 'echo', maxDataPoints: 100, intervalMs: 1000, timeRange: { fromMs: 0, toMs: 1 }, json };
}

const ctx: RequestContext = {
  orgId: 1,
  pluginId: 'p',
  headers: {},
  fromAlert: false,
  signal: new AbortController().signal,
};

/** Answers each query with one frame named after its refId. */
const echo: QueryDataHandler = {
  queryData: (_ctx, q) =>
    Promise.resolve({ status: 200, frames: [{ name: q.refId, fields: [{ name: 'v', type: 'number', values: [1] }] }] }),
};
const log = createLogger(() => undefined);

describe('refIds', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'A'])(
    'answers refId %j, and it survives the wire encoding',
    async (refId) => {
      const responses = await dispatchQueries(echo, ctx, [query(refId), query('other')], [], log);
      expect(Object.keys(responses).sort()).toEqual([refId, 'other'].sort());
      expect(Object.hasOwn(responses, refId)).toBe(true);
      expect(responses[refId]).toMatchObject({ status: 200, error: '' });
      const method = SERVICES.data.QueryData!;
      const decoded = method.responseDeserialize(method.responseSerialize({ responses })) as {
        responses: Record<string, WireDataResponse>;
      };
      expect(Object.keys(decoded.responses).sort()).toEqual([refId, 'other'].sort());
    }
  );

  it('answers a refId shared by several queries with a 400 naming it; the others as usual', async () => {
    const responses = await dispatchQueries(echo, ctx, [query('A'), query('B'), query('A')], [], log);
    expect(responses.B).toMatchObject({ status: 200 });
    expect(responses.A).toMatchObject({
      status: 400,
      errorSource: 'plugin',
      error: 'query A: 2 queries share refId "A"; give each query its own refId',
      frames: [],
    });
  });
});

describe('capTotalBytes', () => {
  const answer = (bytes: number): WireDataResponse => ({
    frames: [new Uint8Array(bytes)],
    error: '',
    status: 200,
    errorSource: '',
  });

  it('replaces the largest answers by 413 errors until the rest fits', () => {
    const capped = capTotalBytes({ small: answer(10), big: answer(70), mid: answer(40) }, 60);
    expect(capped.small).toMatchObject({ status: 200 });
    expect(capped.mid).toMatchObject({ status: 200 });
    expect(capped.big).toMatchObject({ status: 413, errorSource: 'plugin', frames: [] });
    expect(capped.big?.error).toMatch(/do not fit in the 0 MiB limit for one answer .*; narrow the query/);
  });

  it('leaves answers that fit alone', () => {
    const responses = { a: answer(10), b: answer(20) };
    expect(capTotalBytes(responses, 30)).toEqual(responses);
  });
});
