/**
 * The scraper of bench/scrapeStall.ts, in a worker thread: Prometheus scrapes from another
 * process, so reading the body must not count against the scraped server's event loop.
 */
import { parentPort } from 'node:worker_threads';

export interface ScrapeRequest {
  url: string;
  /** Send the body back (costs the main thread a copy: only outside the measured scrapes). */
  wantBody: boolean;
}

export interface ScrapeResult {
  /** Wall time of the whole GET, from sending the request to the last byte of the body. */
  ms: number;
  status: number;
  contentType: string;
  bytes: number;
  /** Sample lines (neither comments nor blank). */
  samples: number;
  body?: string;
}

parentPort?.on('message', (req: ScrapeRequest) => {
  void (async () => {
    const t0 = performance.now();
    const res = await fetch(req.url);
    const body = await res.text();
    const ms = performance.now() - t0;
    let samples = 0;
    for (const line of body.split('\n')) if (line !== '' && !line.startsWith('#')) samples++;
    const result: ScrapeResult = {
      ms,
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      bytes: Buffer.byteLength(body),
      samples,
      body: req.wantBody ? body : undefined,
    };
    parentPort?.postMessage(result);
  })();
});
