import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { freePort } from './freePort.ts';
import { startProcess, tempDir, waitUntilReady, type ManagedProcess } from './managedProcess.ts';

export interface AlertmanagerServer {
  readonly url: string;
  /** host:port, as Prometheus' alerting config wants it */
  readonly address: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts Debian's Alertmanager (0.25) on loopback with the given configuration and no clustering. */
export async function startAlertmanager(configYaml: string): Promise<AlertmanagerServer> {
  const bin = requireBinary('prometheus-alertmanager', 'alertmanager');
  const dir = tempDir('alertmanager');
  writeFileSync(join(dir, 'alertmanager.yml'), configYaml);
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const proc = startProcess(
    bin,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    dir
  );
  const url = `http://${address}`;
  await waitUntilReady(proc, `${url}/-/ready`, 'Alertmanager');
  return { url, address, process: proc, stop: () => proc.stop() };
}
