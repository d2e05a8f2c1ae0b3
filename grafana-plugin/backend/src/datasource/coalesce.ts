/**
 * Shares one in-flight piece of work among identical callers. Each caller waits with its own
 * AbortSignal and can leave early; the shared work is aborted only when every caller has left, so
 * an abandoned request stops loading the upstream while a request others still wait for does not.
 */
export class Coalescer<T> {
  private readonly inflight = new Map<string, { promise: Promise<T>; controller: AbortController; waiters: number }>();

  /** How many distinct pieces of work are in flight. */
  get size(): number {
    return this.inflight.size;
  }

  run(key: string, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    let entry = this.inflight.get(key);
    if (!entry) {
      const controller = new AbortController();
      const created = {
        controller,
        waiters: 0,
        promise: Promise.resolve()
          .then(() => work(controller.signal))
          .finally(() => {
            if (this.inflight.get(key) === created) this.inflight.delete(key);
          }),
      };
      // A rejection nobody waits for any more (every caller left) must not become unhandled.
      created.promise.catch(() => undefined);
      this.inflight.set(key, created);
      entry = created;
    }
    const shared = entry;
    shared.waiters++;
    if (!signal) return shared.promise.finally(() => shared.waiters--);
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        shared.waiters--;
        if (shared.waiters === 0) {
          shared.controller.abort(abortReason(signal));
          if (this.inflight.get(key) === shared) this.inflight.delete(key);
        }
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', leave, { once: true });
      shared.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          shared.waiters--;
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          shared.waiters--;
          reject(error);
        }
      );
    });
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}
