import { UpstreamError } from './errors.ts';

/**
 * Bounds how many upstream requests run at once. Others wait in a queue with a deadline; when the
 * queue is full, or a request has waited too long, it fails at once with an "overloaded" error
 * rather than holding the query (and Grafana's request) for the whole timeout. A waiting request
 * whose caller gives up leaves the queue.
 */
export interface GateOptions {
  concurrency: number;
  maxQueued: number;
  maxWaitMs: number;
}

interface Waiter {
  start: () => void;
  fail: (error: unknown) => void;
}

export class UpstreamGate {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private readonly options: GateOptions;

  constructor(options: GateOptions) {
    this.options = options;
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  async run<T>(what: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    await this.acquire(what, signal);
    try {
      return await work();
    } finally {
      this.running--;
      this.queue.shift()?.start();
    }
  }

  private acquire(what: string, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    const { concurrency, maxQueued, maxWaitMs } = this.options;
    if (this.queue.length >= maxQueued) {
      return Promise.reject(
        new UpstreamError(
          'overloaded',
          `${what}: the plugin is overloaded (${concurrency} upstream requests running, ${maxQueued} waiting); retry shortly, or refresh fewer panels at once`
        )
      );
    }
    return new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
      };
      const waiter: Waiter = {
        start: () => {
          settle();
          this.running++;
          resolve();
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
      const onAbort = () => waiter.fail(signal.reason);
      const timer = setTimeout(
        () =>
          waiter.fail(
            new UpstreamError(
              'overloaded',
              `${what}: the plugin is overloaded: no upstream slot became free within ${maxWaitMs / 1000} s (${concurrency} requests at a time); retry shortly, or refresh fewer panels at once`
            )
          ),
        maxWaitMs
      );
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }
}
