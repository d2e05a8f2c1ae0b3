import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from './binaries.ts';
import { freePort } from './freePort.ts';
import { startProcess, tempDir, waitUntilReady, type ManagedProcess } from './managedProcess.ts';
import { waitFor } from './waitFor.ts';

export interface ScrapeJob {
  job: string;
  /** host:port targets */
  targets: string[];
  metricsPath?: string;
  scrapeInterval?: string;
  /** Keep the scraped job/instance labels (a Pushgateway's groups), as Prometheus' docs advise for it. */
  honorLabels?: boolean;
}

export interface PrometheusOptions {
  scrapeJobs?: ScrapeJob[];
  /** Global scrape interval; tests compress it (e.g. '1s'). */
  scrapeInterval?: string;
  evaluationInterval?: string;
  /** Rule file contents, keyed by file name. */
  rules?: Record<string, string>;
  alertmanagers?: string[];
  extraArgs?: string[];
  /**
   * History to backfill before start: OpenMetrics text (timestamps in seconds, ending in `# EOF`),
   * turned into TSDB blocks with `promtool tsdb create-blocks-from openmetrics`.
   */
  backfill?: string;
}

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, number]>;
}

export interface PrometheusServer {
  readonly url: string;
  readonly process: ManagedProcess;
  /** Instant query; returns vector samples (a scalar comes back as one sample with no labels). */
  query(expr: string, time?: number): Promise<Sample[]>;
  queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]>;
  /** Resolves once every configured target has been scraped successfully. */
  waitForTargetsUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function configYaml(options: PrometheusOptions, ruleFiles: string[]): string {
  const lines = [
    'global:',
    `  scrape_interval: ${options.scrapeInterval ?? '1s'}`,
    `  evaluation_interval: ${options.evaluationInterval ?? '1s'}`,
  ];
  if (ruleFiles.length) lines.push('rule_files:', ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`));
  if (options.alertmanagers?.length) {
    lines.push('alerting:', '  alertmanagers:', '    - static_configs:', '        - targets:');
    lines.push(...options.alertmanagers.map((t) => `            - ${JSON.stringify(t)}`));
  }
  lines.push('scrape_configs:');
  for (const job of options.scrapeJobs ?? []) {
    lines.push(`  - job_name: ${JSON.stringify(job.job)}`);
    if (job.scrapeInterval) lines.push(`    scrape_interval: ${job.scrapeInterval}`);
    if (job.metricsPath) lines.push(`    metrics_path: ${JSON.stringify(job.metricsPath)}`);
    if (job.honorLabels) lines.push('    honor_labels: true');
    lines.push(
      '    static_configs:',
      '      - targets:',
      ...job.targets.map((t) => `          - ${JSON.stringify(t)}`)
    );
  }
  return lines.join('\n') + '\n';
}

async function api<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus ${url}: ${body.error ?? res.status}`);
  return body.data;
}

type QueryData =
  | { resultType: 'vector'; result: Array<{ metric: Record<string, string>; value: [number, string] }> }
  | { resultType: 'scalar'; result: [number, string] }
  | { resultType: 'matrix'; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };

/**
 * Runs `prometheus` from `dir` (which `stop()` removes) on a free loopback port, with the config
 * and TSDB there, and waits until it is ready. Shared by startPrometheus and startBackfilledPrometheus.
 */
export async function launchPrometheus(
  dir: string,
  extraArgs: readonly string[],
  what = 'Prometheus',
  timeoutMs?: number
): Promise<{ url: string; process: ManagedProcess }> {
  const bin = requireBinary('prometheus');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess(
    bin,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...extraArgs,
    ],
    dir
  );
  await waitUntilReady(proc, `${url}/-/ready`, what, { timeoutMs });
  return { url, process: proc };
}

/** Starts Debian's Prometheus on a free loopback port with a temporary TSDB. */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<PrometheusServer> {
  requireBinary('prometheus'); // before writing anything
  const dir = tempDir('prometheus');
  const ruleFiles = Object.entries(options.rules ?? {}).map(([name, content]) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  });
  writeFileSync(join(dir, 'prometheus.yml'), configYaml(options, ruleFiles));
  if (options.backfill !== undefined) {
    writeFileSync(join(dir, 'backfill.om'), options.backfill);
    await promisify(execFile)(requireBinary('promtool'), [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      '--quiet',
      join(dir, 'backfill.om'),
      join(dir, 'data'),
    ]);
  }
  const { url, process: proc } = await launchPrometheus(dir, ['--web.enable-lifecycle', ...(options.extraArgs ?? [])]);

  const server: PrometheusServer = {
    url,
    process: proc,
    async query(expr, time) {
      const params = new URLSearchParams({ query: expr });
      if (time !== undefined) params.set('time', String(time));
      const data = await api<QueryData>(`${url}/api/v1/query?${params}`);
      if (data.resultType === 'scalar') return [{ metric: {}, value: Number(data.result[1]) }];
      if (data.resultType !== 'vector') throw new Error(`unexpected result type ${data.resultType}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async queryRange(expr, start, end, step) {
      const params = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
      const data = await api<QueryData>(`${url}/api/v1/query_range?${params}`);
      if (data.resultType !== 'matrix') throw new Error(`unexpected result type ${data.resultType}`);
      return data.result.map((r) => ({ metric: r.metric, values: r.values.map(([t, v]) => [t, Number(v)]) }));
    },
    async waitForTargetsUp(timeoutMs = 30_000) {
      await waitFor(
        async () => {
          const data = await api<{ activeTargets: Array<{ health: string }> }>(`${url}/api/v1/targets?state=active`);
          return data.activeTargets.length > 0 && data.activeTargets.every((t) => t.health === 'up');
        },
        { timeoutMs, what: 'all scrape targets up' }
      );
    },
    stop: () => proc.stop(),
  };
  return server;
}
