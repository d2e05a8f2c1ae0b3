import { connect, type Socket } from 'node:net';
import { freePort } from '@sieve/testkit';
import { startSieve } from '../src/index.ts';
import { CLOSE_GRACE_MS } from '../src/export/scrapeServer.ts';

/**
 * A scraper that stops reading but keeps its socket open must not keep a job from exiting: the
 * server's close gives scrapes in progress CLOSE_GRACE_MS, then cuts them. A real socket, paused,
 * and a body far larger than the loopback socket buffers, so the server's writes really stall.
 */
describe('shutdown with a scraper that stopped reading', () => {
  it('resolves after the grace period, cutting the stalled scrape', async () => {
    const port = await freePort();
    const sieve = startSieve({ serviceName: 'stalled-scrape', prometheus: { host: '127.0.0.1', port } });
    await sieve.ready();
    // ~20 MB of body: 40 model versions × a 5000-bucket latency histogram.
    const buckets = Array.from({ length: 5000 }, (_, i) => (i + 1) / 1000);
    for (let v = 0; v < 40; v++) sieve.model('big', { version: `v${v}`, latencyBuckets: buckets }).recordLatency(0.5);

    const socket: Socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let received = 0;
    socket.on('data', (b: Buffer) => (received += b.length));
    socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    // Read the first bytes (the scrape has started), then stop reading and keep the socket open.
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.pause();
    await new Promise((r) => setTimeout(r, 300));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

    const started = performance.now();
    await sieve.shutdown();
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(CLOSE_GRACE_MS - 50);

    // The server cut the connection: reading now gets what was buffered and then the close,
    // without the chunked body's last chunk.
    let tail = '';
    socket.on('data', (b: Buffer) => (tail = (tail + b.toString('latin1')).slice(-16)));
    socket.resume();
    await closed;
    expect(received).toBeLessThan(20e6);
    expect(tail.endsWith('0\r\n\r\n')).toBe(false);
  }, 30_000);
});
