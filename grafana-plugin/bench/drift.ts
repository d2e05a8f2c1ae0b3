import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { type Figure, interleavedMedians, startBackfilledPrometheus, timedMs } from '@sieve/testkit';
import { createDatasource } from '../backend/src/datasource/index.ts';
import { bucketIncrease, categoryIncrease, exportedBaseline } from '../backend/src/datasource/driftPromql.ts';
import { launchPlugin } from '../test/harness/index.ts';
import { dataQuery, instanceSettings, requestContext } from '../test/datasource/handlerRequests.ts';

/**
 * Drift across 100 features over 24 h at a 5 m step (one-hour windows against the exported
 * baseline), through the built executable as Grafana runs it and in process. The baseline is
 * Prometheus answering the same PromQL, issued the same way (in parallel), in the same run:
 * overhead = plugin total − Prometheus time; the target ratio is ≤ 1.1.
 *
 * History comes from a TSDB backfilled with `promtool`: 100 numeric features with 10 bins each,
 * scraped every 2 minutes for 25 hours (751k samples), 10 of them drifting during the day.
 */
const FEATURES = 100;
const SCRAPE_S = 120;
const HOURS = 25;
const STEP_MS = 300_000;
const RUNS = 9;
/** The 10-quantiles of N(0, 1): the edges a baseline of standard normals gets by default. */
const EDGES = [-1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816];

/** Standard normal CDF (Abramowitz–Stegun 7.1.26; plenty for synthetic data). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

function* openMetrics(endS: number): Generator<string> {
  const startS = endS - HOURS * 3600;
  const name = (i: number) => `f${String(i).padStart(3, '0')}`;
  yield `# TYPE ${METRICS.featureValue.prometheus.name} histogram\n`;
  for (let f = 0; f < FEATURES; f++) {
    const les = [...EDGES.map(String), '+Inf'];
    const perBin = new Float64Array(les.length); // observations per bin so far
    const lines: string[][] = les.map(() => []);
    for (let t = startS, k = 0; t <= endS; t += SCRAPE_S, k++) {
      // Every tenth feature drifts: its mean moves by up to 1σ over the day. 1000 values per scrape.
      const mean = f % 10 === 0 ? Math.sin((k * SCRAPE_S) / 86_400) : 0;
      let below = 0;
      let cumulative = 0;
      for (let b = 0; b < les.length; b++) {
        const upTo = b < EDGES.length ? Math.round(1000 * phi((EDGES[b] as number) - mean)) : 1000;
        perBin[b] = (perBin[b] as number) + upTo - below;
        below = upTo;
        cumulative += perBin[b] as number;
        const series = `${METRICS.featureValue.prometheus.bucket}{${LABEL.feature}="${name(f)}",${LABEL.le}="${les[b]}"}`;
        (lines[b] as string[]).push(`${series} ${cumulative} ${t}\n`);
      }
    }
    for (const l of lines) yield l.join('');
  }
  yield `# TYPE ${METRICS.featureBaseline.prometheus.name} gauge\n`;
  for (let f = 0; f < FEATURES; f++) {
    const les = [...EDGES.map(String), '+Inf'];
    for (let b = 0; b < les.length; b++) {
      const share = b < EDGES.length ? phi(EDGES[b] as number) : 1;
      const samples: string[] = [];
      for (let t = startS; t <= endS; t += 1800) {
        samples.push(
          `${METRICS.featureBaseline.prometheus.name}{${LABEL.feature}="${name(f)}",${LABEL.upperBound}="${les[b]}"} ${share} ${t}\n`
        );
      }
      yield samples.join('');
    }
  }
  yield '# EOF\n';
}

/** Prometheus answering the plugin's three queries directly: fetch and JSON-parse, in parallel. */
async function prometheusDirect(url: string, fromMs: number, toMs: number): Promise<void> {
  const startS = Math.floor(fromMs / STEP_MS) * (STEP_MS / 1000);
  const endS = Math.floor(toMs / STEP_MS) * (STEP_MS / 1000);
  const range = (query: string) =>
    new URLSearchParams({ query, start: String(startS), end: String(endS), step: String(STEP_MS / 1000) });
  const requests = [
    `${url}/api/v1/query_range?${range(bucketIncrease([], 3_600_000))}`,
    `${url}/api/v1/query_range?${range(categoryIncrease([], 3_600_000))}`,
    `${url}/api/v1/query?${new URLSearchParams({ query: exportedBaseline([], endS * 1000 - startS * 1000 + 3_600_000), time: String(endS) })}`,
  ];
  await Promise.all(requests.map(async (r) => JSON.parse(await (await fetch(r)).text()) as unknown));
}

export async function run(): Promise<Figure[]> {
  const endS = Math.floor(Date.now() / 1000 / SCRAPE_S) * SCRAPE_S - SCRAPE_S;
  const backfillStart = performance.now();
  const prometheus = await startBackfilledPrometheus(() => openMetrics(endS));
  const backfillMs = performance.now() - backfillStart;
  const plugin = await launchPlugin();
  try {
    const range = { fromMs: (endS - 24 * 3600) * 1000, toMs: endS * 1000 };
    const model = { step: '5m' };
    const ds = createDatasource();
    const ctx = requestContext(instanceSettings(prometheus.url));
    const check = async () => {
      const r = await ds.queryData(ctx, dataQuery('drift', model, range));
      if (!('frames' in r) || r.frames?.length !== FEATURES)
        throw new Error(`drift bench: unexpected answer ${JSON.stringify(r).slice(0, 300)}`);
      const points = r.frames?.[0]?.fields[1]?.values.length;
      if (points !== 289) throw new Error(`drift bench: expected 289 points per feature, got ${points}`);
    };
    await check();

    const viaPlugin = () =>
      timedMs(async () => {
        const res = await plugin.queryDataRaw(
          [{ refId: 'A', queryType: 'drift', json: model, timeRange: range, intervalMs: STEP_MS }],
          {
            settings: { url: prometheus.url },
          }
        );
        if (res.responses.A?.status !== 200) throw new Error(`drift bench: plugin answered ${res.responses.A?.error}`);
      });
    const inProcess = () => timedMs(() => ds.queryData(ctx, dataQuery('drift', model, range)));
    const direct = () => timedMs(() => prometheusDirect(prometheus.url, range.fromMs, range.toMs));

    const m = await interleavedMedians({ prom: direct, plugin: viaPlugin, inProcess }, RUNS);
    const prom = m.prom as number;
    const pluginMs = m.plugin as number;
    const inProcessMs = m.inProcess as number;
    const sizes = { features: FEATURES, steps: 289, window: '1h', backfillMs: Math.round(backfillMs) };
    return [
      { name: 'drift.prometheus', value: prom, unit: 'ms', ...sizes },
      {
        name: 'drift.total',
        value: pluginMs,
        unit: 'ms',
        baseline: 'prometheus',
        ratio: pluginMs / prom,
        via: 'executable',
      },
      {
        name: 'drift.overhead',
        value: pluginMs - prom,
        unit: 'ms',
        baseline: 'prometheus',
        ratio: pluginMs / prom,
        target: 1.1,
      },
      { name: 'drift.inprocess', value: inProcessMs, unit: 'ms', baseline: 'prometheus', ratio: inProcessMs / prom },
    ];
  } finally {
    await plugin.shutdown();
    await prometheus.stop();
  }
}
