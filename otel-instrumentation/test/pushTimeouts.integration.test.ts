import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPushgateway, type PushgatewayServer } from '@sieve/testkit';
import { METRICS, startSieve } from '../src/index.ts';
import { stderrOf } from './support/stderr.ts';

/**
 * How long a job's exit may wait for a push that gets no answer: every request is bounded by
 * `pushgateway.timeoutMs` / `otlp.timeoutMs`. The Pushgateway is Debian's, frozen with SIGSTOP (its
 * socket still accepts, as a hung process's does, and never answers) and thawed with SIGCONT.
 */

describe('push timeouts are checked at setup', () => {
  it.each([
    [
      { pushgateway: { url: 'http://pg:9091', timeoutMs: 0 } },
      /^startSieve: options\.pushgateway\.timeoutMs: Too small/,
    ],
    [
      { pushgateway: { url: 'http://pg:9091', timeoutMs: 2 ** 31 } },
      /^startSieve: options\.pushgateway\.timeoutMs: Too big/,
    ],
    [
      { pushgateway: { url: 'http://pg:9091', timeoutMs: '5s' } },
      /^startSieve: options\.pushgateway\.timeoutMs: .*number/,
    ],
    [{ otlp: { url: 'http://c:4318/v1/metrics', timeoutMs: 1.5 } }, /^startSieve: options\.otlp\.timeoutMs: .*int/],
  ])('%j', (target, message) => {
    expect(() => startSieve({ serviceName: 'job', ...(target as object) })).toThrow(message);
  });
});

describe('a Pushgateway that does not answer', () => {
  let pg: PushgatewayServer;
  beforeAll(async () => {
    pg = await startPushgateway();
  });
  afterAll(async () => {
    pg.process.child.kill('SIGCONT');
    await pg.stop();
  });

  it('delays the exit by the documented worst case, then the same options push once it answers', async () => {
    const timeoutMs = 400;
    const options = { serviceName: 'timeouts', prometheus: false as const, pushgateway: { url: pg.url, timeoutMs } };
    pg.process.child.kill('SIGSTOP');
    let rejection = '';
    let elapsed = 0;
    try {
      const stderr = await stderrOf(async () => {
        const started = performance.now();
        const sieve = startSieve(options);
        // pipeline() starts the read-back (1 request); the run's end reads again before its PUT
        // (1 request: the read fails, so nothing is put); shutdown() likewise (1 request).
        await sieve.pipeline('nightly').run((run) => run.rowsRead(1));
        await sieve.shutdown().catch((e: Error) => (rejection = e.message));
        elapsed = performance.now() - started;
      });
      expect(stderr).toMatch(
        /delivering a run's state failed: .*no complete answer within 400 ms \(pushgateway\.timeoutMs\)/
      );
    } finally {
      pg.process.child.kill('SIGCONT');
    }
    expect(rejection).toMatch(
      /^cannot read the Pushgateway group back \(GET http:\/\/127\.0\.0\.1:\d+\/metrics: no complete answer within 400 ms \(pushgateway\.timeoutMs\)\); nothing pushed/
    );
    // Three requests in a row, each cut at timeoutMs (the README's bound for a hung Pushgateway).
    expect(elapsed).toBeGreaterThanOrEqual(2 * timeoutMs);
    expect(elapsed).toBeLessThan(3 * timeoutMs + 1500);

    // Thawed: the same short timeout is plenty for a Pushgateway that answers.
    const sieve = startSieve(options);
    await sieve.pipeline('nightly').run((run) => run.rowsRead(1));
    await sieve.shutdown();
    const text = await (await fetch(`${pg.url}/metrics`)).text();
    const runs = METRICS.pipelineRuns.prometheus.name;
    expect(text).toMatch(new RegExp(`^${runs}\\{[^}]*outcome="success"[^}]*\\} 1$`, 'm'));
  });
});

describe('an OTLP receiver that does not answer', () => {
  let receiver: Server;
  let url: string;
  beforeAll(async () => {
    receiver = createServer(() => undefined).listen(0, '127.0.0.1'); // reads requests, never answers
    await new Promise((r) => receiver.once('listening', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/metrics`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  it('fails the delivery after otlp.timeoutMs, and shutdown() says so', async () => {
    const timeoutMs = 400;
    let rejection = '';
    let elapsed = 0;
    await stderrOf(async () => {
      const started = performance.now();
      const sieve = startSieve({ serviceName: 'timeouts', otlp: { url, timeoutMs, intervalMs: 60_000 } });
      await sieve.pipeline('nightly').run((run) => run.rowsRead(1));
      await sieve.shutdown().catch((e: Error) => (rejection = e.message));
      elapsed = performance.now() - started;
    });
    expect(rejection).toMatch(
      /^OTLP export to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics failed: Request timed out \(otlp\.timeoutMs: 400 ms\)$/
    );
    // The zeros at pipeline(), the run's end, shutdown()'s delivery and the provider's own flush at
    // shutdown: four exports, each cut at timeoutMs (a flush waits for a periodic export under way first).
    expect(elapsed).toBeGreaterThanOrEqual(2 * timeoutMs);
    expect(elapsed).toBeLessThan(4 * timeoutMs + 1500);
  });
});
