import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requireBinary } from './binaries.ts';
import { freePort } from './freePort.ts';
import { startProcess, tempDir, waitUntilReady, type ManagedProcess } from './managedProcess.ts';

/** A Prometheus serving a TSDB backfilled from OpenMetrics text (no scrape jobs). */
export interface BackfilledPrometheus {
  readonly url: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Writes hours or days of history in seconds: `promtool tsdb create-blocks-from openmetrics` turns
 * `openMetrics` (ending in `# EOF`, samples with timestamps in seconds) into TSDB blocks, and a
 * Prometheus then starts on them. Benchmarks use it to query realistic ranges without waiting.
 */
export async function startBackfilledPrometheus(
  openMetrics: string | (() => Iterable<string>)
): Promise<BackfilledPrometheus> {
  const promtool = requireBinary('promtool');
  const prometheus = requireBinary('prometheus');
  const dir = tempDir('prometheus-backfill');
  const input = join(dir, 'input.om');
  // Streamed to disk: a day of 1,000 series is tens of megabytes of text.
  const fd = openSync(input, 'w');
  try {
    for (const chunk of typeof openMetrics === 'string' ? [openMetrics] : openMetrics()) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  const data = join(dir, 'data');
  await promisify(execFile)(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, data], {
    maxBuffer: 16 * 1024 * 1024,
  });
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess(
    prometheus,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Backfilled data may be older than the default 15 d retention; keep it.
      '--storage.tsdb.retention.time=100y',
      '--log.level=warn',
    ],
    dir
  );
  await waitUntilReady(proc, `${url}/-/ready`, 'Prometheus (backfilled)', 60_000);
  return { url, process: proc, stop: () => proc.stop() };
}
