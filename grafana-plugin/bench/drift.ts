import { type Figure, interleavedMedians, startBackfilledPrometheus, timedMs } from '@sieve/testkit';
import { createDatasource } from '../backend/src/datasource/index.ts';
import {
  bucketIncrease,
  categoryIncrease,
  exportedBaseline,
  exportedBaselineSamples,
} from '../backend/src/datasource/driftPromql.ts';
import { launchPlugin } from '../test/harness/index.ts';
import { featureHistory } from '../test/robustness/featureHistory.ts';
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
/** Prometheus answering the plugin's four queries directly: fetch and JSON-parse, in parallel. */
async function prometheusDirect(url: string, fromMs: number, toMs: number): Promise<void> {
  const startS = Math.floor(fromMs / STEP_MS) * (STEP_MS / 1000);
  const endS = Math.floor(toMs / STEP_MS) * (STEP_MS / 1000);
  const range = (query: string) =>
    new URLSearchParams({ query, start: String(startS), end: String(endS), step: String(STEP_MS / 1000) });
  const requests = [
    `${url}/api/v1/query_range?${range(bucketIncrease([], 3_600_000))}`,
    `${url}/api/v1/query_range?${range(categoryIncrease([], 3_600_000))}`,
    `${url}/api/v1/query?${new URLSearchParams({ query: exportedBaseline([], endS * 1000 - startS * 1000 + 3_600_000), time: String(endS) })}`,
    `${url}/api/v1/query?${new URLSearchParams({ query: exportedBaselineSamples([], endS * 1000 - startS * 1000 + 3_600_000), time: String(endS) })}`,
  ];
  await Promise.all(requests.map(async (r) => JSON.parse(await (await fetch(r)).text()) as unknown));
}

export async function run(): Promise<Figure[]> {
  const endS = Math.floor(Date.now() / 1000 / SCRAPE_S) * SCRAPE_S - SCRAPE_S;
  const backfillStart = performance.now();
  const prometheus = await startBackfilledPrometheus(() =>
    featureHistory(endS, { features: FEATURES, hours: HOURS, scrapeS: SCRAPE_S })
  );
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
