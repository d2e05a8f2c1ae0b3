import { ipcBytes } from '../backend/src/protocol/arrowIpcFile.ts';
import { createLogger } from '../backend/src/protocol/logger.ts';
import { dispatchQueries, toWireResponse } from '../backend/src/protocol/queryDispatch.ts';
import type { DataQuery, DataResponse, QueryDataHandler, RequestContext } from '../backend/src/sdk/index.ts';
import { decodeFrame } from './harness/index.ts';

function query(refId: string, queryType: string): DataQuery {
  return { refId, queryType, maxDataPoints: 100, intervalMs: 1000, timeRange: { fromMs: 0, toMs: 60_000 }, json: '{}' };
}

function context(signal: AbortSignal = new AbortController().signal): RequestContext {
  return { orgId: 1, pluginId: 'sieve-datamining-datasource', headers: {}, fromAlert: false, signal };
}

const ok: DataResponse = {
  status: 200,
  frames: [{ name: 'f', fields: [{ name: 'v', type: 'number', values: [1, 2] }] }],
};

/** A datasource whose behaviour per query type is chosen by the test. */
function handler(
  behaviours: Record<string, (ctx: RequestContext) => Promise<DataResponse> | DataResponse>
): QueryDataHandler {
  return {
    queryData: (ctx, q) => {
      const behave = behaviours[q.queryType];
      if (behave === undefined) throw new Error(`no behaviour for ${q.queryType}`);
      return behave(ctx) as Promise<DataResponse>;
    },
  };
}

const logLines: string[] = [];
const log = createLogger((l) => logLines.push(l));

describe('dispatchQueries', () => {
  it('isolates each query: throwing, rejecting and malformed queries do not affect the good ones', async () => {
    const responses = await dispatchQueries(
      handler({
        good: () => Promise.resolve(ok),
        throwsSync: () => {
          throw new TypeError('sync bug');
        },
        rejects: () => Promise.reject(new Error('async bug')),
        rejectsNonError: () => Promise.reject('a string'),
        garbage: () => Promise.resolve(null as unknown as DataResponse),
        noFrames: () => Promise.resolve({ status: 200 } as unknown as DataResponse),
        badFrame: () =>
          Promise.resolve({
            status: 200,
            frames: [{ fields: [{ name: 't', type: 'time', values: [Infinity] }] }],
          } as DataResponse),
      }),
      context(),
      ['good', 'throwsSync', 'rejects', 'rejectsNonError', 'garbage', 'noFrames', 'badFrame'].map((t, i) =>
        query(`R${i}`, t)
      ),
      [],
      log
    );
    expect(responses.R0!.status).toBe(200);
    expect(responses.R0!.error).toBe('');
    expect(decodeFrame(ipcBytes(responses.R0!.frames[0]!)).fields[0]!.values).toEqual([1, 2]);
    for (const refId of ['R1', 'R2', 'R3', 'R4', 'R5', 'R6']) {
      expect(responses[refId]).toMatchObject({ status: 500, errorSource: 'plugin', frames: [] });
      expect(responses[refId]!.error).toMatch(new RegExp(`^query ${refId}: `));
    }
    expect(responses.R1!.error).toContain('sync bug');
    expect(responses.R3!.error).toContain('a string');
    expect(responses.R6!.error).toContain('invalid data frame');
  });

  it("passes the datasource's own errors through with their status and source", async () => {
    const responses = await dispatchQueries(
      handler({
        bad: () => ({ error: 'field "measure": unknown', status: 400, errorSource: 'plugin' }),
        upstream: () => ({ error: 'Prometheus answered 503', status: 502, errorSource: 'downstream' }),
        weird: () => ({ error: '', status: 0, errorSource: 'nonsense' as 'plugin' }),
      }),
      context(),
      [query('A', 'bad'), query('B', 'upstream'), query('C', 'weird')],
      [],
      log
    );
    expect(responses.A).toEqual({ frames: [], error: 'field "measure": unknown', status: 400, errorSource: 'plugin' });
    expect(responses.B).toEqual({
      frames: [],
      error: 'Prometheus answered 503',
      status: 502,
      errorSource: 'downstream',
    });
    expect(responses.C).toEqual({ frames: [], error: 'unknown error', status: 500, errorSource: 'plugin' });
  });

  it('answers a query that outlives the call with its own 504 while the others keep their results', async () => {
    const controller = new AbortController();
    const pending = dispatchQueries(
      handler({ good: () => ok, hangs: () => new Promise<DataResponse>(() => undefined) }),
      context(controller.signal),
      [query('A', 'good'), query('B', 'hangs')],
      [],
      log
    );
    setTimeout(() => controller.abort(new Error('the gRPC deadline passed')), 20);
    const responses = await pending;
    expect(responses.A!.status).toBe(200);
    expect(responses.B).toMatchObject({
      status: 504,
      errorSource: 'downstream',
      error: 'query B: the gRPC deadline passed',
    });
  });

  it('runs queries concurrently', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return ok;
    };
    await dispatchQueries(
      handler({ slow }),
      context(),
      ['A', 'B', 'C', 'D'].map((r) => query(r, 'slow')),
      [],
      log
    );
    expect(peak).toBe(4);
  });

  it('sets each frame refId to the query refId', async () => {
    const responses = await dispatchQueries(
      handler({ good: () => ({ status: 200, frames: [{ refId: 'WRONG', fields: [] }, { fields: [] }] }) }),
      context(),
      [query('Z', 'good')],
      [],
      log
    );
    expect(responses.Z!.frames.map((f) => decodeFrame(ipcBytes(f)).refId)).toEqual(['Z', 'Z']);
  });

  it('scrubs request secrets from error messages and logs', async () => {
    logLines.length = 0;
    const responses = await dispatchQueries(
      handler({
        leaks: () => ({
          error: 'GET failed with Authorization: Bearer tok-12345',
          status: 401,
          errorSource: 'downstream',
        }),
        throws: () => {
          throw new Error('password hunter22 rejected');
        },
      }),
      context(),
      [query('A', 'leaks'), query('B', 'throws')],
      ['Bearer tok-12345', 'tok-12345', 'hunter22'],
      log
    );
    expect(responses.A!.error).toBe('GET failed with Authorization: [redacted]');
    expect(responses.B!.error).not.toContain('hunter22');
    expect(logLines.join('')).not.toContain('hunter22');
  });
});

describe('toWireResponse', () => {
  it('maps success to status 200 with Arrow frames', () => {
    const wire = toWireResponse(ok, 'A');
    expect(wire.status).toBe(200);
    expect(wire.errorSource).toBe('');
    expect(decodeFrame(ipcBytes(wire.frames[0]!)).refId).toBe('A');
  });

  it('never returns an error with a non-error status', () => {
    expect(toWireResponse({ error: 'x', status: 200, errorSource: 'plugin' }, 'A').status).toBe(500);
  });
});
