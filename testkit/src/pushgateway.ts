import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { freePort } from './freePort.ts';
import { startProcess, tempDir, waitUntilReady, type ManagedProcess } from './managedProcess.ts';

export interface PushgatewayServer {
  /** The base URL, with the route prefix if one was given. */
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
  /**
   * Basic auth on every endpoint (exporter-toolkit's --web.config.file): the user name, the
   * password the readiness check sends, and its bcrypt hash for the config file.
   */
  readonly basicAuth?: { readonly username: string; readonly password: string; readonly bcryptHash: string };
  /** `--web.route-prefix`, e.g. `/pg`: every endpoint moves under it, and `url` ends with it. */
  readonly routePrefix?: string;
  /** Abandons the start: the process is stopped and the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
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
  const args = [`--web.listen-address=${address}`, '--persistence.file=', '--log.level=warn'];
  const headers: Record<string, string> = {};
  if (options.basicAuth) {
    const { username, password, bcryptHash } = options.basicAuth;
    const config = join(dir, 'web.yml');
    writeFileSync(config, `basic_auth_users:\n  ${JSON.stringify(username)}: ${JSON.stringify(bcryptHash)}\n`);
    args.push(`--web.config.file=${config}`);
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  if (options.routePrefix !== undefined) args.push(`--web.route-prefix=${options.routePrefix}`);
  const proc = startProcess(bin, args, dir);
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}${(options.routePrefix ?? '').replace(/\/$/, '')}`;
  await waitUntilReady(proc, `${url}/-/ready`, 'Pushgateway', { headers, signal: options.signal });
  return { url, address, process: proc, stop: () => proc.stop() };
}
