import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { parseSpec, ruleFiles } from '@sieve/rules';
import {
  freePort,
  startPrometheus,
  startProcess,
  tempDir,
  waitFor,
  waitUntilReady,
  type ManagedProcess,
  type PrometheusServer,
} from '@sieve/testkit';
import { launchPlugin, type PluginUnderTest } from '../../grafana-plugin/test/harness/index.ts';
import { expand, type VariableValues } from './support/expand.ts';
import { allPanels, generatedDashboards, isPrometheus, SPEC_PATH, type Variable } from './support/generated.ts';
import { bucketBounds, history } from './support/history.ts';
import { liveNames } from './support/liveNames.ts';
import { sieveTargets } from './support/sieveTargets.ts';

/**
 * Every dashboard against live data: Debian's Prometheus scrapes a process instrumented with
 * otel-instrumentation (tests/support/liveService.ts: failing runs, drift, missing values, schema
 * changes, prediction errors) and evaluates the rules generated from rules/slos.yaml, compressed
 * 60× as in rules' live test, on top of a few hours of backfilled history. Every PromQL target of
 * every dashboard, variables expanded, must run without error and return data; every Sieve target
 * must come back from the built plugin backend with non-empty frames.
 */

const TIME_SCALE = 1 / 60;
const SERVICE = join(import.meta.dirname, 'support', 'liveService.ts');

let service: ManagedProcess;
let prometheus: PrometheusServer;

beforeAll(async () => {
  const spec = parseSpec(readFileSync(SPEC_PATH, 'utf8'), SPEC_PATH);
  const names = liveNames(spec);
  const port = await freePort();
  service = startProcess(
    process.execPath,
    ['--conditions=sieve-source', SERVICE, String(port), JSON.stringify(names)],
    tempDir('dashboards-live')
  );
  const metricsUrl = `http://127.0.0.1:${port}/metrics`;
  await waitUntilReady(service, metricsUrl, 'instrumented service', 60_000);
  const scrape = await (await fetch(metricsUrl)).text();
  // The feature dashboard opens on the first feature (variables sort alphabetically): its history is backfilled.
  const feature = names.features[0] ?? '';
  const model = names.models[0] ?? '';
  prometheus = await startPrometheus({
    scrapeJobs: [{ job: 'sieve', targets: [`127.0.0.1:${port}`] }],
    rules: ruleFiles(spec, SPEC_PATH, TIME_SCALE),
    backfill: history(Date.now() / 1000 - 60, 3.5, {
      feature,
      les: bucketBounds(scrape, METRICS.featureValue.prometheus.bucket, LABEL.feature, feature),
      model,
      latencyLes: bucketBounds(scrape, METRICS.modelPredictionDuration.prometheus.bucket, LABEL.model, model),
    }),
  });
  await prometheus.waitForTargetsUp(60_000);
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await service?.stop();
});

/** What `label_values(metric, label)` offers, straight from Prometheus. */
const labelValues =
  (cache: Map<string, string[]>): VariableValues =>
  (v: Variable) =>
    cache.get(v.name) ?? [];

async function loadLabelValues(): Promise<Map<string, string[]>> {
  const cache = new Map<string, string[]>();
  for (const d of generatedDashboards()) {
    for (const v of d.templating.list.filter((x) => x.type === 'query')) {
      const m = /^label_values\(([\w:]+), (\w+)\)$/.exec(v.query ?? '');
      if (!m || cache.has(v.name)) continue;
      const samples = await prometheus.query(`group by (${m[2]}) (${m[1]})`);
      cache.set(v.name, samples.map((s) => s.metric[m[2]!] ?? '').sort());
    }
  }
  return cache;
}

describe('live PromQL', () => {
  it('every PromQL target of every dashboard, variables expanded, runs without error and returns data', async () => {
    const values = labelValues(await loadLabelValues());
    const pending = new Map<string, string>();
    for (const d of generatedDashboards()) {
      for (const p of allPanels(d)) {
        for (const t of (p.targets ?? []).filter(isPrometheus)) {
          pending.set(`${d.uid} #${p.id} "${p.title}" ${t.refId}`, expand(t.expr ?? '', d, values));
        }
      }
    }
    const total = pending.size;
    const errors: string[] = [];
    // Alerts need their `for:` and the burn windows a few scrapes: wait until every target has data.
    await waitFor(
      async () => {
        for (const [what, expr] of pending) {
          try {
            if ((await prometheus.query(expr)).length > 0) pending.delete(what);
          } catch (error) {
            errors.push(`${what}: ${(error as Error).message}`);
            pending.delete(what);
          }
        }
        return pending.size === 0;
      },
      { timeoutMs: 150_000, intervalMs: 2000, what: 'data for every dashboard target' }
    ).catch(() => undefined);
    console.log(`live PromQL: ${total - pending.size - errors.length} of ${total} dashboard targets returned data`);
    expect({ errors, empty: [...pending.entries()].map(([w, e]) => `${w}: ${e}`) }).toEqual({ errors: [], empty: [] });
  }, 200_000);
});

describe('Sieve targets through the built plugin backend', () => {
  let plugin: PluginUnderTest;
  beforeAll(async () => {
    plugin = await launchPlugin({ handshakeTimeoutMs: 60_000 });
  }, 600_000);
  afterAll(async () => {
    await plugin?.shutdown();
  });

  it('every Sieve target returns non-empty frames from the same Prometheus', async () => {
    const values = labelValues(await loadLabelValues());
    // The backfill holds 3.5 h: the 1d and 7d baselines are checked against the schema only (sieveTargets.test.ts).
    const targets = sieveTargets(values).filter(
      (t) =>
        (t.model.baseline as { offset?: string } | undefined)?.offset === undefined ||
        (t.model.baseline as { offset: string }).offset === '1h'
    );
    expect(targets.length).toBeGreaterThanOrEqual(8);
    const now = Date.now();
    const failures: string[] = [];
    for (const t of targets) {
      const res = await plugin.queryData(
        [
          {
            refId: 'A',
            queryType: String(t.model.queryType),
            json: t.model,
            timeRange: { fromMs: now - 3_600_000, toMs: now },
          },
        ],
        { settings: { url: prometheus.url } }
      );
      const a = res.A;
      const points = (a?.frames ?? []).reduce(
        (n, f) => n + Math.max(0, ...f.fields.map((field) => field.values.filter((x) => x !== null).length)),
        0
      );
      if (!a || a.status !== 200 || points === 0) {
        failures.push(
          `${t.dashboard} "${t.panel}" ${JSON.stringify(t.model)}: status ${a?.status} ${a?.error ?? ''}, ${points} points`
        );
      }
    }
    console.log(`Sieve targets: ${targets.length - failures.length} of ${targets.length} returned non-empty frames`);
    expect(failures).toEqual([]);
  }, 300_000);
});
