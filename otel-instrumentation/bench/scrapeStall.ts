/**
 * The scrape of a model server with 10k series, Sieve against prom-client in the same run:
 * - `scrape.stall`: the longest event-loop stall (perf_hooks.monitorEventLoopDelay, 1 ms
 *   resolution, while a 1 ms timer keeps running as a server's work would) during one scrape;
 *   the median over the scrapes, the worst one beside it;
 * - `scrape.10k`: wall time of a full HTTP GET /metrics, measured by the scraper.
 * The scraper runs in a worker thread, like a Prometheus in another process. prom-client gets
 * the same families, label sets and buckets as Sieve's exposition (built from Sieve's first
 * scrape), so both serve the same series.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { quantileEdges } from '@sieve/scoring';
import { freePort, type Figure } from '@sieve/testkit';
import client from 'prom-client';
import { startSieve, type Sieve } from '../src/index.ts';
import type { ScrapeRequest, ScrapeResult } from './scrapeClient.ts';

const NUMERIC_FEATURES = 231;
const CATEGORICAL_FEATURES = 40;
const CATEGORIES = 20;
const MODELS = 20;
const DATASETS = 5;
const FIELDS = 30;
const PIPELINES = 10;
const SCRAPES = 10;

/** Deterministic values in [0, 1) (xorshift). */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** A model server's Sieve: features, models, datasets and pipelines, about 10k samples per scrape. */
export async function instrument(sieve: Sieve): Promise<() => void> {
  const r = rng(7);
  const baseline = Float64Array.from({ length: 2000 }, () => Math.exp(r() * 4));
  const edges = quantileEdges(baseline, 11);
  const numeric = Array.from({ length: NUMERIC_FEATURES }, (_, i) => sieve.feature(`num_${i}`, { baseline, edges }));
  const categories = Array.from({ length: CATEGORIES }, (_, i) => `cat_${i}`);
  const categorical = Array.from({ length: CATEGORICAL_FEATURES }, (_, i) =>
    sieve.feature(`cat_${i}`, { kind: 'categorical', baseline: categories, categories: 'raw' })
  );
  const models = Array.from({ length: MODELS }, (_, i) => sieve.model(`model_${i}`, { version: String(1 + (i % 3)) }));
  const datasets = Array.from({ length: DATASETS }, (_, i) =>
    sieve.dataset(`dataset_${i}`, {
      schema: Object.fromEntries(Array.from({ length: FIELDS }, (_, j) => [`field_${j}`, 'number' as const])),
    })
  );
  const pipelines = Array.from({ length: PIPELINES }, (_, i) => sieve.pipeline(`pipeline_${i}`));
  for (const p of pipelines) await p.run((run) => run.rowsRead(100));
  return () => {
    for (const f of numeric) f.observe(Math.exp(r() * 4));
    for (const f of categorical) f.observe(categories[Math.floor(r() * CATEGORIES)] as string);
    for (const m of models) {
      m.recordLatency(r() * 0.5);
      m.recordScore(r());
      m.recordOutcome({ predicted: r() < 0.5, actual: r() < 0.5 });
      m.addCost(0.001);
    }
    for (const d of datasets) {
      const rec = Object.fromEntries(Array.from({ length: FIELDS }, (_, j) => [`field_${j}`, r() < 0.1 ? null : j]));
      d.checkRecords([rec, { ...rec, field_0: 'x' }]);
    }
  };
}

interface Family {
  type: string;
  labelNames: string[];
  /** Histograms: the `le` bounds without +Inf. */
  buckets: number[];
  series: Map<string, Record<string, string>>;
}

/** The families of an exposition: type, label names, buckets and label sets. */
function families(text: string): Map<string, Family> {
  const out = new Map<string, Family>();
  let current: Family | undefined;
  let name = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , n, type] = line.split(' ');
      name = n as string;
      current = { type: type as string, labelNames: [], buckets: [], series: new Map() };
      out.set(name, current);
      continue;
    }
    if (line === '' || line.startsWith('#') || !current) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1] as string] = l[2] as string;
    }
    if (m[1] === `${name}_bucket`) {
      const le = Number(labels.le);
      if (Number.isFinite(le) && !current.buckets.includes(le)) current.buckets.push(le);
      delete labels.le;
    }
    for (const k of Object.keys(labels)) if (!current.labelNames.includes(k)) current.labelNames.push(k);
    current.series.set(JSON.stringify(labels), labels);
  }
  return out;
}

/** prom-client metrics for the same families and label sets; returns how to update every series. */
function mirror(text: string, registry: client.Registry): () => void {
  const r = rng(11);
  const updates: Array<() => void> = [];
  for (const [name, f] of families(text)) {
    if (name === 'target_info') continue;
    const common = { name, help: name, labelNames: f.labelNames, registers: [registry] };
    const sets = [...f.series.values()];
    if (f.type === 'histogram') {
      const h = new client.Histogram({ ...common, buckets: f.buckets });
      const top = f.buckets.at(-1) ?? 1;
      updates.push(() => sets.forEach((l) => h.observe(l, r() * top)));
    } else if (f.type === 'counter') {
      const c = new client.Counter(common);
      updates.push(() => sets.forEach((l) => c.inc(l, 1)));
    } else {
      const g = new client.Gauge(common);
      updates.push(() => sets.forEach((l) => g.set(l, r())));
    }
  }
  const all = () => updates.forEach((u) => u());
  all();
  return all;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;

export async function scrapeStall(): Promise<Figure[]> {
  const worker = new Worker(new URL('./scrapeClient.ts', import.meta.url));
  let pending: ((r: ScrapeResult) => void) | undefined;
  worker.on('message', (r: ScrapeResult) => pending?.(r));
  worker.on('error', (e) => {
    throw e;
  });
  const scrapeOnce = (req: ScrapeRequest) =>
    new Promise<ScrapeResult>((resolve) => {
      pending = resolve;
      worker.postMessage(req);
    });

  const sieve = startSieve({ serviceName: 'bench', prometheus: { host: '127.0.0.1', port: await freePort() } });
  await sieve.ready();
  const populateSieve = await instrument(sieve);
  populateSieve();
  const first = await scrapeOnce({ url: sieve.metricsUrl as string, wantBody: true });

  const registry = new client.Registry();
  const populateProm = mirror(first.body ?? '', registry);
  const server = createServer((_req, res) => {
    void registry.metrics().then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body));
  });
  const promUrl = await listen(server);

  // A server's own work meanwhile: a 1 ms timer, whose lateness is what a request would feel.
  const ticker = setInterval(() => undefined, 1);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // The noise floor: the same window with no scrape (a shared machine stalls everyone now and then).
  const idle: number[] = [];
  const sides = { sieve: sieve.metricsUrl as string, prom: promUrl };
  const stalls = { sieve: [] as number[], prom: [] as number[] };
  const times = { sieve: [] as number[], prom: [] as number[] };
  const last = { sieve: first, prom: first };
  for (let round = 0; round < SCRAPES + 2; round++) {
    for (const side of ['sieve', 'prom'] as const) {
      // New values before every scrape (outside the measurement), so neither side serves an unchanged body.
      if (side === 'sieve') populateSieve();
      else populateProm();
      await new Promise((resolve) => setTimeout(resolve, 20));
      delay.reset();
      const res = await scrapeOnce({ url: sides[side], wantBody: false });
      const stallMs = delay.max / 1e6;
      last[side] = res;
      if (side === 'prom') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        delay.reset();
        await new Promise((resolve) => setTimeout(resolve, res.ms));
        if (round >= 2) idle.push(delay.max / 1e6);
      }
      if (round < 2) continue; // warm-up
      stalls[side].push(stallMs);
      times[side].push(res.ms);
    }
  }
  delay.disable();
  clearInterval(ticker);
  server.close();
  await sieve.shutdown();
  await worker.terminate();

  const stall = { sieve: median(stalls.sieve), prom: median(stalls.prom) };
  const ms = { sieve: median(times.sieve), prom: median(times.prom) };
  return [
    {
      name: 'scrape.stall',
      value: stall.sieve,
      unit: 'ms',
      baseline: 'prom-client',
      ratio: stall.sieve / stall.prom,
      prom_client_ms: stall.prom,
      worst_ms: Math.max(...stalls.sieve),
      prom_client_worst_ms: Math.max(...stalls.prom),
      idle_ms: median(idle),
      target_ms: 5,
      scrapes: SCRAPES,
    },
    {
      name: 'scrape.10k',
      value: ms.sieve,
      unit: 'ms',
      baseline: 'prom-client',
      ratio: ms.sieve / ms.prom,
      prom_client_ms: ms.prom,
      samples: last.sieve.samples,
      prom_client_samples: last.prom.samples,
      bytes: last.sieve.bytes,
      prom_client_bytes: last.prom.bytes,
    },
  ];
}
