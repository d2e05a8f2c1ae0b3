import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, waitUntilReady, type ManagedProcess } from '@sieve/testkit';

/**
 * A server process of the stack whose state (TSDB, notification log) lives in `stateDir`, outside
 * the process's own working directory, so it survives a restart: Prometheus and Alertmanager are
 * restarted mid-run by the chaos cases.
 */
export interface StackNode {
  readonly name: string;
  readonly url: string;
  /** Everything the current process wrote, for failure messages. */
  output(): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startNode(
  name: string,
  bin: string,
  args: readonly string[],
  url: string,
  readyPath: string,
  stateDir: string,
  /** Abandons the first start (Ctrl-C during `npm start`): the process is stopped, the call rejects. */
  signal?: AbortSignal
): Promise<StackNode> {
  mkdirSync(stateDir, { recursive: true });
  let proc: ManagedProcess;
  const launch = async (abort?: AbortSignal) => {
    // startProcess removes its directory on stop(); the state directory is not inside it.
    proc = startProcess(bin, [...args], mkdtempSync(join(stateDir, 'run-')));
    await waitUntilReady(proc, `${url}${readyPath}`, name, { timeoutMs: 60_000, signal: abort });
  };
  signal?.throwIfAborted();
  await launch(signal);
  return {
    name,
    url,
    output: () => proc.output(),
    async restart() {
      await proc.stop();
      await launch();
    },
    stop: () => proc.stop(),
  };
}
