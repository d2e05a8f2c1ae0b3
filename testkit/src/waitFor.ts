export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the timeout error, so a failing test says what it waited for. */
  what?: string;
  /** Errors for which polling stops at once instead of retrying. */
  failFast?: (error: unknown) => boolean;
  /** Stops the wait at once, rejecting with the signal's reason (e.g. Ctrl-C during a startup). */
  signal?: AbortSignal;
}

/** Polls `probe` until it returns a value other than undefined/false, or times out. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {}
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 200, what = 'condition', failFast, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (failFast?.(error)) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: last error ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(intervalMs, signal);
  }
}

/** setTimeout as a promise that an abort ends early (rejecting with the signal's reason). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
