import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { startPluginServer } from '../backend/src/protocol/grpcServer.ts';
import { createLogger } from '../backend/src/protocol/logger.ts';
import type { WireQueryDataResponse } from '../backend/src/protocol/messages.ts';
import { deadlineMargin } from '../backend/src/protocol/requestContext.ts';
import { SERVICES } from '../backend/src/protocol/services.ts';
import type { PluginHandlers } from '../backend/src/sdk/index.ts';
import { decodeFrame } from './harness/index.ts';

describe('deadlineMargin', () => {
  it('keeps 5 % of the time left, at least 100 ms and at most 1 s', () => {
    expect(deadlineMargin(0)).toBe(100);
    expect(deadlineMargin(3000)).toBe(150);
    expect(deadlineMargin(30_000)).toBe(1000);
  });
});

describe('a QueryData call whose deadline passes while one query still runs', () => {
  // Grafana's alerting sets a deadline (evaluation_timeout); a slow query must not take the
  // other queries' answers with it.
  const handlers: PluginHandlers = {
    queryData: (_ctx, query) =>
      query.refId === 'SLOW'
        ? new Promise(() => undefined)
        : Promise.resolve({
            status: 200,
            frames: [{ name: 'ok', fields: [{ name: 'v', type: 'number', values: [1, 2] }] }],
          }),
    checkHealth: () => Promise.resolve({ status: 'OK', message: '' }),
    callResource: () => Promise.resolve({ status: 404, headers: {}, body: new Uint8Array(0) }),
  };

  it('answers before the deadline: a 504 for the late query, frames for the rest', async () => {
    const server = await startPluginServer({
      handlers,
      log: createLogger(() => undefined),
      onShutdown: () => undefined,
    });
    const target = server.network === 'unix' ? `unix:${server.address}` : server.address;
    const client = new (makeGenericClientConstructor(SERVICES.data, 'data'))(target, credentials.createInsecure());
    const query = (refId: string) => ({ refId, json: Buffer.from('{}'), timeRange: { fromEpochMS: 0, toEpochMS: 1 } });
    try {
      const started = Date.now();
      const answer = await new Promise<WireQueryDataResponse>((resolve, reject) =>
        (
          client as unknown as Record<
            string,
            (req: object, opts: object, cb: (e: ServiceError | null, r: WireQueryDataResponse) => void) => void
          >
        ).QueryData!.call(
          client,
          { queries: [query('SLOW'), query('FAST')] },
          { deadline: started + 1500 },
          (error, res) => (error ? reject(error) : resolve(res))
        )
      );
      expect(Date.now() - started).toBeLessThan(1500);
      expect(answer.responses.SLOW).toMatchObject({ status: 504 });
      expect(answer.responses.SLOW?.error).toMatch(/query SLOW: the call's deadline \(\d+ ms\) was about to pass/);
      expect(answer.responses.FAST?.status).toBe(200);
      expect(decodeFrame(answer.responses.FAST!.frames[0]!).fields[0]!.values).toEqual([1, 2]);
    } finally {
      client.close();
      await server.stop();
    }
  });
});
