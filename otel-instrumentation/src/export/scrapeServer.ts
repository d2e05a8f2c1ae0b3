import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { MetricStore } from '../store/metricStore.ts';
import { PrometheusText, targetInfo } from './prometheusText.ts';

/** The content type Prometheus asks for first among the text formats (prom-client sends the same). */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * How long the scrape may hold the event loop before giving it back. A model server's requests
 * wait at most about this long behind a scrape, whatever the number of series.
 */
export const SLICE_MS = 1;

/** How long close() lets scrapes in progress finish before cutting them (a scraper that stopped reading). */
export const CLOSE_GRACE_MS = 3000;

/** What OTel's serializer writes when nothing had a valid name. */
const NO_REGISTERED_METRICS = '# no registered metrics';

/** What writeInSlices writes to: an HTTP response, or any Writable. */
export interface SliceSink {
  write(chunk: Buffer): boolean;
  end(): void;
  readonly writableNeedDrain: boolean;
  readonly destroyed: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/**
 * Runs `steps` (a string is written, undefined is work done) and ends `out`, giving the event loop
 * a turn whenever a slice has taken `sliceMs` (and waiting while the sink is full). Stops early,
 * without ending, once `out` is destroyed (the scraper left) or `signal` aborts (the server closes).
 */
export async function writeInSlices(
  out: SliceSink,
  steps: Iterable<string | undefined>,
  sliceMs: number,
  signal?: AbortSignal
): Promise<void> {
  let sliceStart = performance.now();
  for (const step of steps) {
    // Encoded and handed to the socket here, inside the slice, so that no part of the cost is left
    // for later: corking the slice and writing it at its end took up to 9 ms on loopback.
    if (step) out.write(Buffer.from(step));
    if (performance.now() - sliceStart < sliceMs) continue;
    if (out.writableNeedDrain) await drained(out, signal);
    await nextTurn();
    if (out.destroyed || signal?.aborted) return;
    sliceStart = performance.now();
  }
  out.end();
}

/** Resolves when the sink takes writes again, when it is gone, or when `signal` aborts. */
function drained(res: SliceSink, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The application's own instruments (the MeterProvider that startSieve creates): collected at
 * scrape time, cumulative, as the OTel Prometheus exporter's reader would.
 */
export class PullReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface ScrapeServerOptions {
  host: string;
  port: number;
  store: MetricStore;
  /** The reader of the application's MeterProvider: target_info and the app's own instruments. */
  reader: MetricReader;
}

/**
 * Serves `GET /metrics` for Prometheus. A scrape of 10k series used to block the event loop for
 * 35–48 ms (OTel's serializer builds the whole body in one go); here the body is written in
 * slices of about SLICE_MS (a slice ends with the piece, of ~LINES_PER_PIECE lines, that passes
 * it) and streamed (chunked), with a turn of the event loop in between.
 * Derived values (PSI, ages) are computed at the start of the scrape, in the same slices. A series
 * is read whole within one slice (a histogram's buckets, sum and count agree); series written in
 * different slices may be a millisecond apart, as with any exporter that reads while the app records.
 */
export class ScrapeServer {
  private readonly text = new PrometheusText();
  private readonly appSerializer = new PrometheusSerializer('', false, undefined, true, true);
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private listening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** Aborted when the grace period of close() ends: the slice writers still running stop. */
  private readonly cut = new AbortController();
  private readonly options: ScrapeServerOptions;

  constructor(options: ScrapeServerOptions) {
    this.options = options;
    // Like the OTel exporter: the endpoint alone never keeps a job's process alive.
    this.server.unref();
  }

  listen(): Promise<void> {
    this.listening ??= new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.options.host, port: this.options.port }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.listening;
  }

  /**
   * Stops listening and resolves once every connection is gone. Scrapes in progress get
   * `graceMs` to finish; then they are cut, so that a scraper that stopped reading (its socket
   * open, the server's writes waiting for 'drain') never keeps a job from exiting.
   */
  close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    if (!this.server.listening) return this.closing ?? Promise.resolve();
    this.closing ??= new Promise((resolve) => {
      const grace = setTimeout(() => {
        this.cut.abort();
        this.server.closeAllConnections();
      }, graceMs);
      grace.unref();
      this.server.close(() => {
        clearTimeout(grace);
        resolve();
      });
      this.server.closeIdleConnections();
    });
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      res.writeHead(400).end('Bad Request');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    let head: string;
    try {
      const { resourceMetrics } = await this.options.reader.collect();
      head = this.head(resourceMetrics);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`# failed to collect metrics: ${String(e)}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await this.stream(res, head);
    } catch (e) {
      // The status is sent: break the connection, so the scraper sees a failed scrape, not a short one.
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** target_info and the application's own instruments (few: written at once with OTel's serializer). */
  private head(resourceMetrics: ResourceMetrics): string {
    let out = targetInfo(resourceMetrics.resource.attributes);
    if (resourceMetrics.scopeMetrics.some((s) => s.metrics.length > 0)) {
      const app = this.appSerializer.serialize(resourceMetrics);
      if (app !== NO_REGISTERED_METRICS) out += app;
    }
    return out;
  }

  private async stream(res: ServerResponse, head: string): Promise<void> {
    const store = this.options.store;
    const text = this.text;
    function* steps(): Generator<string | undefined, void, undefined> {
      yield head;
      yield* store.prepareInSteps(Date.now());
      yield* text.pieces(store);
    }
    await writeInSlices(res, steps(), SLICE_MS, this.cut.signal);
    // Cut by close(): break the connection rather than end a short body that looks whole.
    if (this.cut.signal.aborted && !res.writableEnded) res.destroy();
  }
}
