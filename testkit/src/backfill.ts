import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requireBinary } from './binaries.ts';
import { tempDir, type ManagedProcess } from './managedProcess.ts';
import { launchPrometheus } from './prometheus.ts';

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
  requireBinary('prometheus'); // before the slow backfill
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
  // Backfilled data may be older than the default 15 d retention; keep it.
  const { url, process: proc } = await launchPrometheus(
    dir,
    ['--storage.tsdb.retention.time=100y'],
    'Prometheus (backfilled)',
    60_000
  );
  return { url, process: proc, stop: () => proc.stop() };
}
