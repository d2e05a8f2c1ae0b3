import { join } from 'node:path';
import { requireBinary, startProcess, tempDir, waitUntilReady, type ManagedProcess } from '@sieve/testkit';

export interface PushgatewayServer {
  readonly url: string;
  readonly address: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts Debian's Pushgateway on `host:port` with its state in a temporary directory. */
export async function startPushgateway(host: string, port: number): Promise<PushgatewayServer> {
  const bin = requireBinary('prometheus-pushgateway', 'pushgateway');
  const dir = tempDir('pushgateway');
  const address = `${host}:${port}`;
  const proc = startProcess(
    bin,
    [`--web.listen-address=${address}`, `--persistence.file=${join(dir, 'pushgateway.state')}`, '--log.level=warn'],
    dir
  );
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  await waitUntilReady(proc, `${url}/-/ready`, 'Pushgateway');
  return { url, address, process: proc, stop: () => proc.stop() };
}
