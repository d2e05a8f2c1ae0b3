import { connect } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { credentials, status as grpcStatus, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { startPluginServer } from '../backend/src/protocol/grpcServer.ts';
import { createLogger } from '../backend/src/protocol/logger.ts';
import type { WireQueryDataResponse } from '../backend/src/protocol/messages.ts';
import { SendBudget } from '../backend/src/protocol/sendBudget.ts';
import { SERVICES } from '../backend/src/protocol/services.ts';
import type { DataResponse, PluginHandlers } from '../backend/src/sdk/index.ts';
import { decodeFrame } from './harness/index.ts';

describe('SendBudget', () => {
  it('starts what fits at once, queues the rest in order, and starts it as bytes come back', () => {
    const budget = new SendBudget(100);
    const started: string[] = [];
    const a = budget.reserve(60, () => started.push('a'));
    const b = budget.reserve(60, () => started.push('b'));
    const c = budget.reserve(10, () => started.push('c')); // fits, but waits behind b: arrival order
    expect(started).toEqual(['a']);
    expect([budget.inFlight, budget.queued]).toEqual([60, 2]);
    a();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(budget.inFlight).toBe(70);
    a(); // a second release gives nothing back twice
    expect(budget.inFlight).toBe(70);
    b();
    c();
    expect([budget.inFlight, budget.queued]).toEqual([0, 0]);
  });

  it('lets a waiting answer leave the queue, and sends an answer larger than the budget alone', () => {
    const budget = new SendBudget(100);
    const started: string[] = [];
    const a = budget.reserve(50, () => started.push('a'));
    const big = budget.reserve(500, () => started.push('big'));
    const c = budget.reserve(10, () => started.push('c'));
    big(); // its caller went away while it waited
    expect(started).toEqual(['a', 'c']);
    c();
    a();
    const alone = budget.reserve(500, () => started.push('alone'));
    expect(started.at(-1)).toBe('alone');
    expect(budget.reserve(1, () => started.push('after'))).toBeInstanceOf(Function);
    expect(started.at(-1)).toBe('alone');
    alone();
    expect(started.at(-1)).toBe('after');
  });
});

/** A budget that records how many bytes were ever in flight at once. */
class RecordingBudget extends SendBudget {
  maxInFlight = 0;
  maxQueued = 0;
  reservations = 0;
  override reserve(bytes: number, start: () => void): () => void {
    this.reservations++;
    const release = super.reserve(bytes, () => {
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      start();
    });
    this.maxQueued = Math.max(this.maxQueued, this.queued);
    return release;
  }
}

describe('QueryData answers through the send budget', () => {
  const POINTS = 40_000; // one Float64 field: ~320 KB of Arrow per answer
  const CALLS = 30;
  const answer: DataResponse = {
    status: 200,
    frames: [
      { name: 'big', fields: [{ name: 'v', type: 'number', values: Array.from({ length: POINTS }, (_, i) => i) }] },
    ],
  };
  const handlers: PluginHandlers = {
    queryData: () => Promise.resolve(answer),
    checkHealth: () => Promise.resolve({ status: 'OK', message: '' }),
    callResource: () => Promise.resolve({ status: 404, headers: {}, body: new Uint8Array(0) }),
  };

  it('keeps the answers being written within the budget, and every call still gets its whole answer', async () => {
    const budget = new RecordingBudget(1024 * 1024);
    const server = await startPluginServer({
      handlers,
      log: createLogger(() => undefined),
      onShutdown: () => undefined,
      sendBudget: budget,
    });
    const target = server.network === 'unix' ? `unix:${server.address}` : server.address;
    const client = new (makeGenericClientConstructor(SERVICES.data, 'data'))(target, credentials.createInsecure());
    const queryData = (refId: string) =>
      new Promise<WireQueryDataResponse>((resolve, reject) =>
        (
          client as unknown as Record<
            string,
            (req: object, cb: (e: ServiceError | null, r: WireQueryDataResponse) => void) => void
          >
        ).QueryData!.call(
          client,
          { queries: [{ refId, json: Buffer.from('{}'), timeRange: { fromEpochMS: 0, toEpochMS: 1 } }] },
          (error, res) => (error ? reject(error) : resolve(res))
        )
      );
    try {
      const results = await Promise.all(Array.from({ length: CALLS }, (_, i) => queryData(`R${i}`)));
      results.forEach((res, i) => {
        const response = res.responses[`R${i}`];
        expect(response?.status).toBe(200);
        expect(decodeFrame(response!.frames[0]!).fields[0]!.values).toHaveLength(POINTS);
      });
      expect(budget.reservations).toBe(CALLS);
      expect(budget.maxQueued).toBeGreaterThan(0); // the budget did hold answers back
      expect(budget.maxInFlight).toBeLessThanOrEqual(budget.limit);
      expect([budget.inFlight, budget.queued]).toEqual([0, 0]);
    } finally {
      client.close();
      await server.stop();
    }
  });
});

describe('a QueryData answer waiting for the send budget', () => {
  it('gives up its place when its deadline passes, and a stalled reader holds the budget only until it leaves', async () => {
    const big: DataResponse = {
      status: 200,
      frames: [
        { name: 'big', fields: [{ name: 'v', type: 'number', values: Array.from({ length: 200_000 }, (_, i) => i) }] },
      ],
    };
    const budget = new RecordingBudget(1024 * 1024);
    const server = await startPluginServer({
      handlers: {
        queryData: () => Promise.resolve(big),
        checkHealth: () => Promise.resolve({ status: 'OK', message: '' }),
        callResource: () => Promise.resolve({ status: 404, headers: {}, body: new Uint8Array(0) }),
      },
      log: createLogger(() => undefined),
      onShutdown: () => undefined,
      sendBudget: budget,
    });
    const target = server.network === 'unix' ? `unix:${server.address}` : server.address;
    const request = {
      queries: [{ refId: 'A', json: Buffer.from('{}'), timeRange: { fromEpochMS: 0, toEpochMS: 1 } }],
    };
    // A reader that never reads: HTTP/2 flow control keeps its 1.6 MB answer in the plugin.
    const session = connect('http://localhost', {
      createConnection: () =>
        server.network === 'unix'
          ? netConnect(server.address)
          : netConnect(Number(server.address.split(':')[1]), '127.0.0.1'),
    });
    const message = SERVICES.data.QueryData!.requestSerialize(request);
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), message]);
    framed.writeUInt32BE(message.length, 1);
    const stalled = session.request({
      ':method': 'POST',
      ':path': '/pluginv2.Data/QueryData',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stalled.pause();
    stalled.end(framed);
    const client = new (makeGenericClientConstructor(SERVICES.data, 'data'))(target, credentials.createInsecure());
    try {
      await until(() => budget.inFlight > 0);
      const waited = await new Promise<ServiceError | null>((resolve) =>
        (
          client as unknown as Record<string, (req: object, opts: object, cb: (e: ServiceError | null) => void) => void>
        ).QueryData!.call(client, request, { deadline: Date.now() + 500 }, resolve)
      );
      expect(waited?.code).toBe(grpcStatus.DEADLINE_EXCEEDED);
      expect(budget.maxQueued).toBe(1); // it waited for the budget, not for the handler
      await until(() => budget.queued === 0);
      expect(budget.inFlight).toBeGreaterThan(0); // still the stalled reader's answer
      stalled.close();
      await until(() => budget.inFlight === 0);
    } finally {
      client.close();
      session.destroy();
      await server.stop();
    }
  });
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
