import { requireBinary } from './binaries.ts';
import { freePort } from './freePort.ts';
import { startProcess, tempDir, waitUntilReady, type ManagedProcess } from './managedProcess.ts';

export interface PushgatewayServer {
  readonly url: string;
  /** host:port, as a Prometheus scrape target */
  readonly address: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Pushgateway (1.5) on a free loopback port, in memory only. Debian's build
 * defaults --persistence.file to /var/lib/prometheus/pushgateway.data, shared by every instance
 * started without the flag: each test would see the groups of the previous ones.
 */
export async function startPushgateway(): Promise<PushgatewayServer> {
  const bin = requireBinary('prometheus-pushgateway', 'pushgateway');
  const dir = tempDir('pushgateway');
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const proc = startProcess(bin, [`--web.listen-address=${address}`, '--persistence.file=', '--log.level=warn'], dir);
  const url = `http://${address}`;
  await waitUntilReady(proc, `${url}/-/ready`, 'Pushgateway');
  return { url, address, process: proc, stop: () => proc.stop() };
}
