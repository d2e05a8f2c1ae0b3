import { startSieve, type FeatureHandle, type Sieve } from '@sieve/otel-instrumentation';
import { LABEL, METRICS, OTHER_CATEGORY } from '@sieve/otel-instrumentation/catalog';
import { freePort, startPrometheus, waitFor, type PrometheusServer, type Sample } from '@sieve/testkit';

/** The fixture's Prometheus scrape interval; the datasource's `timeInterval` must say the same. */
export const SCRAPE_INTERVAL = '1s';

/**
 * A process instrumented with '@sieve/otel-instrumentation' (in this test process) scraped every
 * second by a real Prometheus, with data in two phases:
 *   phase 1 [phase1.fromMs, phase1.toMs]: every feature drawn like its baseline;
 *   phase 2 [phase2.fromMs, phase2.toMs]: `stable_num` unchanged, `shifted_num` shifted by 1.5σ,
 *   `country` with a new mix of categories.
 * Each phase's window is a whole number of seconds and holds a scrape before its observations.
 */
export interface SieveFixture {
  prometheus: PrometheusServer;
  sieve: Sieve;
  features: Record<'stable_num' | 'shifted_num' | 'country', FeatureHandle>;
  baselines: { stable_num: number[]; shifted_num: number[]; country: string[] };
  phase1: { fromMs: number; toMs: number };
  phase2: { fromMs: number; toMs: number };
  stop(): Promise<void>;
}

/** Deterministic normal samples (mulberry32 + Box–Muller). */
export function normals(n: number, mean: number, sd: number, seed: number): number[] {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from(
    { length: n },
    () => mean + sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
  );
}

function categories(counts: Record<string, number>): string[] {
  return Object.entries(counts).flatMap(([c, n]) => Array<string>(n).fill(c));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until the next whole second plus a margin, so that phase edges are whole seconds. */
async function wholeSecond(): Promise<number> {
  const now = Date.now();
  const next = Math.ceil(now / 1000) * 1000;
  await sleep(next - now + 5);
  return next;
}

export async function startSieveFixture(): Promise<SieveFixture> {
  const port = await freePort();
  const sieve = startSieve({ serviceName: 'datasource-test', prometheus: { host: '127.0.0.1', port } });
  await sieve.ready();
  const baselines = {
    stable_num: normals(5000, 0, 1, 1),
    shifted_num: normals(5000, 0, 1, 2),
    country: categories({ de: 500, fr: 300, it: 150, es: 40, pt: 10 }),
  };
  const features = {
    stable_num: sieve.feature('stable_num', { baseline: baselines.stable_num }),
    shifted_num: sieve.feature('shifted_num', { baseline: baselines.shifted_num }),
    country: sieve.feature('country', { kind: 'categorical', baseline: baselines.country, topK: 3 }),
  };
  sieve.pipeline('etl').start().end('success');
  sieve.model('ranker', { version: '3' }).recordLatency(0.02);

  const prometheus = await startPrometheus({
    scrapeJobs: [{ job: 'sieve', targets: [`127.0.0.1:${port}`] }],
    scrapeInterval: SCRAPE_INTERVAL,
  });
  try {
    await prometheus.waitForTargetsUp();
    await waitFor(async () => (await prometheus.query(METRICS.featureValue.prometheus.count)).length === 2, {
      what: 'feature histograms in Prometheus',
    });
    // Zero samples before phase 1; 4 s of them, so that the anomaly test's 5 s warm-up before phase 2
    // starts after the series' first sample, however late the first scrape lands.
    await sleep(4000);

    const p1from = await wholeSecond();
    features.stable_num.observeMany(normals(5000, 0, 1, 11));
    features.shifted_num.observeMany(normals(5000, 0, 1, 12));
    features.country.observeMany(categories({ de: 480, fr: 320, it: 140, es: 50, pt: 10 }));
    await sleep(2500);
    const p1to = await wholeSecond();
    features.stable_num.observeMany(normals(5000, 0, 1, 21));
    features.shifted_num.observeMany(normals(5000, 1.5, 1, 22));
    features.country.observeMany(categories({ de: 200, fr: 200, it: 100, es: 300, pt: 200, xx: 100 }));
    await sleep(2500);
    const p2to = await wholeSecond();
    await sleep(800 + 1500); // past the end of phase 2's window, with its last scrape stored
    return {
      prometheus,
      sieve,
      features,
      baselines,
      // Each window starts > 1 scrape before its observations (so increase() sees them) and ends
      // after them; lengths are whole seconds, as PromQL range selectors need.
      phase1: { fromMs: p1from - 1200, toMs: p1to - 200 },
      phase2: { fromMs: p1to - 1200, toMs: p2to + 800 },
      async stop() {
        await prometheus.stop();
        await sieve.shutdown();
      },
    };
  } catch (error) {
    await prometheus.stop();
    await sieve.shutdown();
    throw error;
  }
}

/**
 * Per-bin counts of one feature from `sum by (feature, le|category)` samples, computed here
 * independently of the datasource: numeric bins by ascending `le` (cumulative differences),
 * categories by name with __other__ last.
 */
export function binsFromSamples(samples: readonly Sample[], feature: string): number[] {
  const mine = samples.filter((s) => s.metric[LABEL.feature] === feature);
  if (mine.some((s) => s.metric[LABEL.le] !== undefined)) {
    const le = (s: Sample) => (s.metric[LABEL.le] === '+Inf' ? Infinity : Number(s.metric[LABEL.le]));
    const sorted = [...mine].sort((a, b) => le(a) - le(b));
    return sorted.map((s, i) => Math.max(0, s.value - (i === 0 ? 0 : (sorted[i - 1] as Sample).value)));
  }
  const key = (s: Sample) => s.metric[LABEL.category] ?? '';
  const rank = (c: string) => (c === OTHER_CATEGORY ? '\uffff' : c);
  return [...mine].sort((a, b) => (rank(key(a)) < rank(key(b)) ? -1 : 1)).map((s) => s.value);
}
