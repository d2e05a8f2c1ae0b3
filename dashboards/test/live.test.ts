import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { DASHBOARDS, parseDuration, parseSpec, ruleFiles } from '@sieve/rules';
import { driftScore, MEASURES, type MeasureName } from '@sieve/scoring';
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
import { bucketBounds, history, PROBE_FEATURE, probeWindowCounts } from './support/history.ts';
import { liveNames, type LiveNames } from './support/liveNames.ts';
import { sieveTargets, type SieveTarget } from './support/sieveTargets.ts';
import { BASELINE_OFFSETS } from '../src/dashboards/features.ts';
import { featureQueries } from '../src/queries.ts';

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
let names: LiveNames;
/** The drift baselines' probe feature: its backfilled windows end here (a whole minute), with these buckets. */
let probeEndS: number;
let probeLes: string[];

beforeAll(async () => {
  const spec = parseSpec(readFileSync(SPEC_PATH, 'utf8'), SPEC_PATH);
  names = liveNames(spec);
  const port = await freePort();
  service = startProcess(
    process.execPath,
    ['--conditions=sieve-source', SERVICE, String(port), JSON.stringify(names)],
    tempDir('dashboards-live')
  );
  const metricsUrl = `http://127.0.0.1:${port}/metrics`;
  await waitUntilReady(service, metricsUrl, 'instrumented service', { timeoutMs: 60_000 });
  const scrape = await (await fetch(metricsUrl)).text();
  // The feature dashboard opens on the first feature (variables sort alphabetically): its history is backfilled.
  const feature = names.features[0] ?? '';
  const model = names.models[0] ?? '';
  probeEndS = Math.floor((Date.now() / 1000 - 120) / 60) * 60;
  probeLes = bucketBounds(scrape, METRICS.featureValue.prometheus.bucket, LABEL.feature, feature);
  prometheus = await startPrometheus({
    scrapeJobs: [{ job: 'sieve', targets: [`127.0.0.1:${port}`] }],
    rules: ruleFiles(spec, SPEC_PATH, TIME_SCALE),
    backfill: history(
      Date.now() / 1000 - 60,
      3.5,
      {
        feature,
        les: probeLes,
        model,
        latencyLes: bucketBounds(scrape, METRICS.modelPredictionDuration.prometheus.bucket, LABEL.model, model),
      },
      probeEndS
    ),
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

const NUMERIC_ONLY = [METRICS.featureValue.prometheus.name];
const CATEGORICAL_ONLY = [METRICS.featureCategory.prometheus.name, METRICS.featureCategoriesMasked.prometheus.name];

/** Whether an expression reads only one kind of feature's metrics, so it is empty for the other kind. */
function readsOnly(kind: 'numeric' | 'categorical', expr: string): boolean {
  const reads = (metrics: string[]) => metrics.some((m) => expr.includes(m));
  const categorical = reads(CATEGORICAL_ONLY) || expr.includes(`${LABEL.category}!=""`);
  return kind === 'numeric' ? reads(NUMERIC_ONLY) && !categorical : categorical && !reads(NUMERIC_ONLY);
}

describe('live PromQL', () => {
  it('every PromQL target of every dashboard, variables expanded, runs without error and returns data', async () => {
    const values = labelValues(await loadLabelValues());
    const pending = new Map<string, string>();
    const categorical = names.categoricalFeature;
    expect(categorical).toBeDefined();
    for (const d of generatedDashboards()) {
      for (const p of allPanels(d)) {
        for (const t of (p.targets ?? []).filter(isPrometheus)) {
          const expr = t.expr ?? '';
          // The debug dashboard opens on a numeric feature; each of its targets that can show a
          // categorical feature is checked with one selected too.
          if (!readsOnly('categorical', expr))
            pending.set(`${d.uid} #${p.id} "${p.title}" ${t.refId}`, expand(expr, d, values));
          if (
            d.uid === DASHBOARDS.features &&
            categorical &&
            !readsOnly('numeric', expr) &&
            expr.includes(`$${LABEL.feature}`)
          ) {
            pending.set(
              `${d.uid} #${p.id} "${p.title}" ${t.refId} (categorical ${categorical})`,
              expand(expr, d, values, { [LABEL.feature]: categorical })
            );
          }
        }
      }
    }
    const total = pending.size;
    // The categorical distribution and masked-category panels, and the kind-neutral ones, ran on the categorical feature too.
    expect([...pending.keys()].filter((k) => k.includes('(categorical ')).length).toBeGreaterThanOrEqual(7);
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

  it('alerts and SLOs narrowed to one pipeline and one model keep those of either, and only those', async () => {
    // No Sieve series carries both labels: AND-ed matchers emptied these panels once both were chosen.
    // The stream pipeline has SLOs and alerts (schema changes, failed runs); the failing one has no SLO.
    const narrowed: Record<string, string> = {
      [LABEL.pipeline]: names.streamPipeline,
      [LABEL.model]: names.models[0]!,
    };
    const pending = new Map<string, string>();
    for (const d of generatedDashboards()) {
      for (const p of allPanels(d)) {
        for (const t of (p.targets ?? []).filter(isPrometheus)) {
          const expr = t.expr ?? '';
          if (expr.includes(`$${LABEL.pipeline}`) && expr.includes(`$${LABEL.model}`))
            pending.set(`${d.uid} #${p.id} "${p.title}" ${t.refId}`, expand(expr, d, labelValues(new Map()), narrowed));
        }
      }
    }
    // On-call's firing alerts and the executive SLO compliance and error budget, at least.
    expect(pending.size).toBeGreaterThanOrEqual(3);
    const seen = new Map<string, Array<Record<string, string>>>();
    await waitFor(
      async () => {
        for (const [what, expr] of pending) {
          const series = (await prometheus.query(expr)).map((s) => s.metric);
          const kinds = (label: string) => series.some((m) => m[label] === narrowed[label]);
          seen.set(what, series);
          // SLOs exist for both kinds from the first evaluation; alerts wait for their `for:`.
          if (kinds(LABEL.pipeline) && kinds(LABEL.model)) pending.delete(what);
        }
        return pending.size === 0;
      },
      { timeoutMs: 150_000, intervalMs: 2000, what: 'alerts and SLOs of the chosen pipeline and model' }
    ).catch(() => undefined);
    const missing = [...pending.keys()].map((what) => `${what}: ${JSON.stringify(seen.get(what))}`);
    const others = [...seen.entries()].flatMap(([what, series]) =>
      series
        .filter((m) => [LABEL.pipeline, LABEL.model].some((l) => m[l] !== undefined && m[l] !== narrowed[l]))
        .map((m) => `${what}: ${JSON.stringify(m)}`)
    );
    expect({ missing, others }).toEqual({ missing: [], others: [] });
  }, 200_000);

  it('the feature volume adds numeric and categorical values when the feature selection matches both kinds', async () => {
    const values = labelValues(await loadLabelValues());
    const features = generatedDashboards().find((d) => d.uid === DASHBOARDS.features)!;
    const volume = (feature: string) => expand(featureQueries.volume, features, values, { [LABEL.feature]: feature });
    const numeric = names.features[0]!;
    const categorical = names.categoricalFeature!;
    // One evaluation time for all three, so the rates are over the same samples.
    const at = async (expr: string, time: number) => (await prometheus.query(expr, time))[0]?.value;
    let parts: Array<number | undefined> = [];
    let both: number | undefined;
    await waitFor(
      async () => {
        const time = Date.now() / 1000;
        parts = [await at(volume(numeric), time), await at(volume(categorical), time)];
        both = await at(volume(`${numeric}|${categorical}`), time);
        return parts.every((p) => p !== undefined && p > 0);
      },
      { timeoutMs: 120_000, intervalMs: 2000, what: 'volume of the numeric and the categorical feature' }
    );
    const [n, c] = parts as [number, number];
    expect(both).toBeCloseTo(n + c, 6);
  }, 150_000);
});

describe('Sieve targets through the built plugin backend', () => {
  let plugin: PluginUnderTest;
  beforeAll(async () => {
    plugin = await launchPlugin({ handshakeTimeoutMs: 60_000 });
  }, 600_000);
  afterAll(async () => {
    await plugin?.shutdown();
  });

  /** Runs one target as Grafana would (interval 15 s, 1000 points unless given); returns its status and frames. */
  async function run(t: SieveTarget, fromMs: number, toMs: number, intervalMs?: number) {
    const res = await plugin.queryData(
      [
        {
          refId: 'A',
          queryType: String(t.model.queryType),
          json: t.model,
          timeRange: { fromMs, toMs },
          ...(intervalMs === undefined ? {} : { intervalMs }),
        },
      ],
      { settings: { url: prometheus.url } }
    );
    return res.A;
  }

  type Answer = Awaited<ReturnType<typeof run>>;
  const points = (a: Answer) =>
    (a?.frames ?? []).reduce(
      (n, f) => n + Math.max(0, ...f.fields.map((field) => field.values.filter((x) => x !== null).length)),
      0
    );
  const offsetOf = (t: SieveTarget) => (t.model.baseline as { offset?: string } | undefined)?.offset;

  async function nonEmpty(targets: SieveTarget[], label: string): Promise<string[]> {
    const now = Date.now();
    const failures: string[] = [];
    for (const t of targets) {
      const a = await run(t, now - 3_600_000, now);
      const n = points(a);
      if (!a || a.status !== 200 || n === 0) {
        failures.push(
          `${t.dashboard} "${t.panel}" ${JSON.stringify(t.model)}: status ${a?.status} ${a?.error ?? ''}, ${n} points`
        );
      }
    }
    console.log(
      `Sieve targets (${label}): ${targets.length - failures.length} of ${targets.length} returned non-empty frames`
    );
    return failures;
  }

  it('every Sieve target returns non-empty frames from the same Prometheus', async () => {
    const values = labelValues(await loadLabelValues());
    // The live feature's backfill holds 3.5 h: its 1d and 7d baselines are run on the probe below.
    const targets = sieveTargets(values).filter((t) => offsetOf(t) === undefined || offsetOf(t) === '1h');
    expect(targets.length).toBeGreaterThanOrEqual(8);
    expect(targets.filter((t) => JSON.stringify(t.model).includes('$__rate_interval')).length).toBeGreaterThanOrEqual(
      2
    );
    expect(await nonEmpty(targets, 'numeric feature')).toEqual([]);
  }, 300_000);

  it('with a categorical feature selected, drift against the exported baseline and the volume band return frames', async () => {
    const categorical = names.categoricalFeature!;
    const cache = await loadLabelValues();
    const values = labelValues(new Map([...cache, [LABEL.feature, [categorical]]]));
    const targets = sieveTargets(values).filter(
      (t) =>
        t.dashboard === DASHBOARDS.features &&
        JSON.stringify(t.model).includes(categorical) &&
        (t.model.queryType === 'anomaly' ||
          ((t.model.baseline as { type: string }).type === 'exported' &&
            MEASURES[t.model.measure as MeasureName].features.includes('categorical')))
    );
    expect(targets.length).toBeGreaterThanOrEqual(6);
    // Only the live process has this feature (no backfill): wait until its first grid steps have data.
    let failures: string[] = [];
    await waitFor(async () => (failures = await nonEmpty(targets, `categorical feature ${categorical}`)).length === 0, {
      timeoutMs: 120_000,
      intervalMs: 5000,
      what: 'frames for the categorical feature',
    }).catch(() => undefined);
    expect(failures).toEqual([]);
  }, 300_000);

  it('every baseline offset the debug dashboard offers (1h, 1d, 7d) compares with the right window of a week of history', async () => {
    const values = labelValues(new Map([[LABEL.feature, [PROBE_FEATURE]]]));
    const targets = sieveTargets(values).filter(
      (t) => offsetOf(t) !== undefined && MEASURES[t.model.measure as MeasureName].features.includes('numeric')
    );
    expect(new Set(targets.map(offsetOf))).toEqual(new Set(BASELINE_OFFSETS));
    const edges = probeLes
      .filter((le) => le !== '+Inf')
      .map(Number)
      .sort((a, b) => a - b);
    const current = probeWindowCounts(probeEndS, probeLes, probeEndS);
    const wrong: string[] = [];
    const seen: Record<string, Record<string, number>> = {};
    for (const t of targets) {
      const offset = offsetOf(t)!;
      const measure = t.model.measure as MeasureName;
      const reference = probeWindowCounts(probeEndS, probeLes, probeEndS - parseDuration(offset));
      const expected = driftScore(measure, reference, current, { edges });
      // A one-minute step ending on the probe's last sample: the last point compares exactly the backfilled windows.
      const a = await run(t, probeEndS * 1000 - 3_600_000, probeEndS * 1000, 60_000);
      const field = a?.frames[0]?.fields[1];
      const last = field?.values.at(-1);
      (seen[offset] ??= {})[measure] = Number(last);
      const close = typeof last === 'number' && Math.abs(last - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
      if (a?.status !== 200 || !close) {
        wrong.push(
          `${measure} against ${offset}: status ${a?.status} ${a?.error ?? ''}, got ${String(last)}, expected ${expected}`
        );
      }
    }
    console.log(`drift baselines on the probe: ${JSON.stringify(seen)}`);
    expect(wrong).toEqual([]);
    // The day-old window is the current one's twin; the hour- and week-old ones differ, the week-old one more.
    expect(seen['1d']?.psi).toBe(0);
    expect(seen['7d']!.psi!).toBeGreaterThan(seen['1h']!.psi!);
    expect(seen['1h']!.psi!).toBeGreaterThan(0.25);
  }, 300_000);
});
