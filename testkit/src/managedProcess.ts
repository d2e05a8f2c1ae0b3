import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './waitFor.ts';

/** A server process started by a test in its own temporary directory, stopped and cleaned up by `stop()`. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly dir: string;
  /** Everything the process wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ManagedProcess>();
process.once('exit', () => {
  for (const p of running) p.child.kill('SIGKILL');
});

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `sieve-${prefix}-`));
}

export function startProcess(command: string, args: string[], dir: string): ManagedProcess {
  const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk: Buffer) => {
    log += chunk.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: ManagedProcess = {
    child,
    dir,
    output: () => log,
    async stop() {
      running.delete(handle);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(handle);
  return handle;
}

export interface ReadyOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Ends the wait at once: the process is stopped and the wait rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Waits for `readyUrl` to answer 2xx; fails at once, with the process output, if the process exits first. */
export async function waitUntilReady(
  proc: ManagedProcess,
  readyUrl: string,
  what: string,
  options: ReadyOptions = {}
): Promise<void> {
  const { timeoutMs = 30_000, headers = {}, signal } = options;
  try {
    await waitFor(
      async () => {
        if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
          throw new Error(`${what} exited with ${proc.child.exitCode ?? proc.child.signalCode}`);
        }
        return (await fetch(readyUrl, { headers, signal })).ok;
      },
      { timeoutMs, what, signal, failFast: (e) => e instanceof Error && e.message.startsWith(`${what} exited`) }
    );
  } catch (error) {
    const log = proc.output();
    await proc.stop();
    if (signal?.aborted) throw signal.reason;
    throw new Error(`${(error as Error).message}\n${log}`, { cause: error });
  }
}
