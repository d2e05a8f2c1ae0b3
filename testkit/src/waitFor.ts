export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the timeout error, so a failing test says what it waited for. */
  what?: string;
  /** Errors for which polling stops at once instead of retrying. */
  failFast?: (error: unknown) => boolean;
}

/** Polls `probe` until it returns a value other than undefined/false, or times out. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {}
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 200, what = 'condition', failFast } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
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
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
