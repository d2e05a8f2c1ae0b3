import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The plugin process's own metrics for Diagnostics.CollectMetrics, in the Prometheus text
 * exposition format. Grafana serves them at /metrics/plugins/<id>. These are the conventional
 * client-library process/runtime names, not Sieve metrics, so they are not in the catalog.
 */
export interface ProcessSample {
  cpuSeconds: number;
  residentBytes: number;
  heapTotalBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  startTimeSeconds: number;
  eventLoopDelayP99Seconds: number;
}

const eventLoopDelay = monitorEventLoopDelay({ resolution: 20 });
eventLoopDelay.enable();

export function sampleProcess(): ProcessSample {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const uptime = process.uptime();
  const p99 = eventLoopDelay.percentile(99);
  return {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    residentBytes: memory.rss,
    heapTotalBytes: memory.heapTotal,
    heapUsedBytes: memory.heapUsed,
    externalBytes: memory.external,
    startTimeSeconds: Math.round((Date.now() / 1000 - uptime) * 1000) / 1000,
    eventLoopDelayP99Seconds: Number.isFinite(p99) ? p99 / 1e9 : 0,
  };
}

type Family = [name: string, type: 'counter' | 'gauge', help: string, value: number];

export function formatProcessMetrics(s: ProcessSample): string {
  const families: Family[] = [
    ['process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.', s.cpuSeconds],
    ['process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', s.residentBytes],
    [
      'process_start_time_seconds',
      'gauge',
      'Start time of the process since unix epoch in seconds.',
      s.startTimeSeconds,
    ],
    ['nodejs_heap_size_total_bytes', 'gauge', 'V8 heap size in bytes.', s.heapTotalBytes],
    ['nodejs_heap_size_used_bytes', 'gauge', 'V8 heap used in bytes.', s.heapUsedBytes],
    [
      'nodejs_external_memory_bytes',
      'gauge',
      'Memory of C++ objects bound to JavaScript objects in bytes.',
      s.externalBytes,
    ],
    [
      'nodejs_eventloop_lag_p99_seconds',
      'gauge',
      '99th percentile of the event loop delay in seconds.',
      s.eventLoopDelayP99Seconds,
    ],
  ];
  return families
    .map(([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`)
    .join('');
}
