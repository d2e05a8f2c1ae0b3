import { type Figure, startBackfilledPrometheus, timedMs } from '@sieve/testkit';
import { MEMORY_CEILING_MB } from '../backend/src/datasource/limits.ts';
import { launchPlugin } from '../test/harness/index.ts';
import { FAULTS, type Fault, startFaultUpstream } from '../test/robustness/faultUpstream.ts';
import { featureHistory } from '../test/robustness/featureHistory.ts';
import { loadRun } from '../test/robustness/loadRun.ts';
import { peakRssMb } from '../test/robustness/peakMemory.ts';

/**
 * The plugin executable under faults and load, at full size (test/robustness/ runs the same at
 * reduced size as a regression test):
 *
 * - fault run: every fault class once, then 8 distinct queries at once against an upstream
 *   answering each with a 200 MB matrix, with a health check meanwhile;
 * - load run: 1,000 concurrent identical drift calls over 100 features × 24 h at 5 m against a
 *   real Prometheus (backfilled), each with Grafana's 30 s deadline; an answer counts when its
 *   frames equal a single call's byte for byte.
 *
 * Figures: `memory.peak` (the process's peak RSS over both runs, target ≤ MEMORY_CEILING_MB,
 * baseline the idle process), `load.1000` (p99 ms and the fraction answered correctly, baseline
 * one call alone), `health.during_faults` (ms).
 */
const FEATURES = 100;
const CALLS = 1000;
const DEADLINE_MS = 30_000;
const HUGE_BYTES = 200 * 1024 * 1024;

export async function run(): Promise<Figure[]> {
  const endS = Math.floor(Date.now() / 1000 / 120) * 120 - 120;
  const [prometheus, faults] = await Promise.all([
    startBackfilledPrometheus(() => featureHistory(endS, { features: FEATURES, hours: 25, scrapeS: 120 })),
    startFaultUpstream(HUGE_BYTES),
  ]);
  const plugin = await launchPlugin();
  const pid = plugin.child.pid as number;
  try {
    const idleMb = peakRssMb(pid);
    const range = { fromMs: (endS - 3600) * 1000, toMs: endS * 1000 };

    for (const fault of Object.keys(FAULTS) as Fault[]) {
      const res = await plugin.queryData(
        [{ refId: 'A', queryType: 'anomaly', json: { expr: 'up' }, timeRange: range }],
        {
          settings: { url: `${faults.url}/${fault}`, jsonData: { timeoutSeconds: fault === 'stall' ? 1 : 60 } },
        }
      );
      if (res.A?.status !== FAULTS[fault].status) throw new Error(`fault ${fault}: answered ${JSON.stringify(res.A)}`);
    }
    const huge = Array.from({ length: 8 }, (_, i) => ({
      refId: `h${i}`,
      queryType: 'anomaly',
      json: { expr: `up + ${i}` },
      timeRange: range,
    }));
    const [hugeRes, healthMs] = await Promise.all([
      plugin.queryData(huge, { settings: { url: `${faults.url}/huge`, jsonData: { timeoutSeconds: 120 } } }),
      new Promise((resolve) => setTimeout(resolve, 200)).then(() =>
        timedMs(() => plugin.checkHealth({ url: prometheus.url }))
      ),
    ]);
    const hugeAnswered = huge.filter((q) => hugeRes[q.refId]?.status === 413).length / huge.length;
    const faultMb = peakRssMb(pid);

    const query = {
      refId: 'A',
      queryType: 'drift',
      json: { step: '5m' },
      timeRange: { fromMs: (endS - 24 * 3600) * 1000, toMs: endS * 1000 },
      intervalMs: 300_000,
    };
    const settings = { url: prometheus.url };
    const singleMs = await timedMs(() => plugin.queryDataRaw([query], { settings, deadlineMs: DEADLINE_MS }));
    const load = await loadRun(plugin, query, settings, CALLS, DEADLINE_MS);
    const peakMb = peakRssMb(pid);
    if (Object.keys(load.errors).length > 0) process.stderr.write(`load.1000 errors: ${JSON.stringify(load.errors)}\n`);

    return [
      {
        name: 'memory.peak',
        value: Math.round(peakMb),
        unit: 'MB',
        baseline: 'idle',
        ratio: peakMb / idleMb,
        target: MEMORY_CEILING_MB,
        idle: Math.round(idleMb),
        afterFaults: Math.round(faultMb),
        afterLoad: Math.round(peakMb),
      },
      {
        name: 'load.1000',
        value: Math.round(load.p99Ms),
        unit: 'ms',
        answered: load.answered,
        baseline: 'single-call',
        ratio: load.p99Ms / singleMs,
        p50: Math.round(load.p50Ms),
        singleMs: Math.round(singleMs),
        calls: CALLS,
        features: FEATURES,
        deadlineMs: DEADLINE_MS,
        wrong: load.wrong,
      },
      {
        name: 'health.during_faults',
        value: Math.round(healthMs),
        unit: 'ms',
        hugeAnswered413: hugeAnswered,
        hugeMB: HUGE_BYTES / 1024 / 1024,
        concurrentHuge: huge.length,
      },
    ];
  } finally {
    await plugin.shutdown();
    await Promise.all([prometheus.stop(), faults.close()]);
  }
}
