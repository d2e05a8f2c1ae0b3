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

export interface PushgatewayOptions {
  /** Listen address; loopback unless the stack serves other hosts. */
  readonly host?: string;
  /** A free port when absent. */
  readonly port?: number;
}

/**
 * Starts Debian's Pushgateway (1.5), in memory only. Debian's build defaults --persistence.file
 * to /var/lib/prometheus/pushgateway.data, shared by every instance started without the flag:
 * each test (or stack) would see the groups of the previous ones.
 */
export async function startPushgateway(options: PushgatewayOptions = {}): Promise<PushgatewayServer> {
  const bin = requireBinary('prometheus-pushgateway', 'pushgateway');
  const dir = tempDir('pushgateway');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const address = `${host}:${port}`;
  const proc = startProcess(bin, [`--web.listen-address=${address}`, '--persistence.file=', '--log.level=warn'], dir);
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  await waitUntilReady(proc, `${url}/-/ready`, 'Pushgateway');
  return { url, address, process: proc, stop: () => proc.stop() };
}
