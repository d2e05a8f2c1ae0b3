import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { startPrometheus, waitFor, type PrometheusServer } from '@sieve/testkit';
import { BURN_ALERTS, SLO_ALERTS } from '../src/alertNames.ts';
import { BURN_WINDOW_LABEL } from '../src/burnRate.ts';
import { ruleFiles } from '../src/generate.ts';
import { RULE_LABEL, SEVERITY } from '../src/ruleLabels.ts';
import { RECORD } from '../src/sliRules.ts';
import { parseSpec } from '../src/spec.ts';
import { startSyntheticExporter, type SyntheticExporter } from './support/syntheticExporter.ts';

/**
 * The SLO maths against a real Prometheus 2.42, with exact inputs from synthetic exporters:
 * - real time: a 25 s PSI blip in a 30-day drift SLO leaves ~99% of the budget and pages nobody,
 *   while a dead exporter keeps burning its feature's freshness budget;
 * - 1/60 time: a 1-day SLO burning at 0.7× never pages, and pages at 8×;
 * - 1/3600 time (a day is 24 s): a daily pipeline that misses its run, and one that fails twice in a
 *   row, alert by run count.
 */

const HEAD = `version: sieve/v1
service: maths
runbookBaseUrl: http://runbooks.invalid/rules/runbooks
dashboardBaseUrl: http://grafana.invalid/d
slos:
`;
const M = METRICS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(slos: string, scale: number, exporters: SyntheticExporter[]): Promise<PrometheusServer> {
  const spec = parseSpec(HEAD + slos);
  const prometheus = await startPrometheus({
    rules: ruleFiles(spec, 'maths.slos.yaml', scale),
    scrapeJobs: exporters.map((e, i) => ({ job: `maths-${i}`, targets: [e.target] })),
  });
  await prometheus.waitForTargetsUp();
  return prometheus;
}

async function value(p: PrometheusServer, expr: string): Promise<number | undefined> {
  const [sample] = await p.query(expr);
  return sample?.value;
}

/** Every alert of `name` Prometheus held (pending or firing) over the last `range`. */
async function alertsSeen(p: PrometheusServer, name: string, range: string) {
  return p.query(`last_over_time(ALERTS{alertname="${name}"}[${range}])`);
}

describe('SLO maths with real Prometheus', () => {
  const exporters: SyntheticExporter[] = [];
  const servers: PrometheusServer[] = [];
  afterAll(async () => {
    await Promise.all([...servers.map((s) => s.stop()), ...exporters.map((e) => e.kill().catch(() => {}))]);
  });
  const exporter = async () => {
    const e = await startSyntheticExporter();
    exporters.push(e);
    return e;
  };
  const track = (p: PrometheusServer) => {
    servers.push(p);
    return p;
  };

  it('a 25 s drift blip spends ~1% of a 30-day budget and pages nobody; a dead exporter burns freshness', async () => {
    const blipJob = await exporter();
    const dyingJob = await exporter();
    blipJob.gauge(M.featurePsi.prometheus.name, { [LABEL.feature]: 'blip' }, 0.319);
    // As the instrumentation does: the PSI comes with its feature's last update (drift reads the current groups only).
    blipJob.gauge(M.featureLastUpdate.prometheus.name, { [LABEL.feature]: 'blip' }, Date.now() / 1000);
    dyingJob.gauge(M.featureLastUpdate.prometheus.name, { [LABEL.feature]: 'dying' }, Date.now() / 1000);
    const p = track(
      await start(
        `  - {name: drift, description: d, objective: 99.9, selector: {feature: blip}, sli: {kind: drift, maxPsi: 0.25}}
  - {name: fresh, description: d, objective: 99.9, selector: {feature: dying}, sli: {kind: freshness, of: feature, maxAge: 1m}}
`,
        1,
        [blipJob, dyingJob]
      )
    );
    const started = Date.now();
    const refresh = setInterval(
      () => dyingJob.gauge(M.featureLastUpdate.prometheus.name, { [LABEL.feature]: 'dying' }, Date.now() / 1000),
      500
    );
    await sleep(5_000);
    clearInterval(refresh);
    await dyingJob.kill(); // the freshness job dies after 5 s
    await sleep(25_000 - (Date.now() - started));
    await blipJob.kill(); // the drift job exits after 25 s
    await sleep(5_000);

    const remaining = (slo: string) => value(p, `${RECORD.budgetRemaining}{${RULE_LABEL.slo}="${slo}"}`);
    const drift = await remaining('drift');
    // 25 bad evaluations of 1 s out of 30 days at a 0.1% budget: 1 - 25 / 2592 ≈ 0.990.
    expect(drift).toBeGreaterThan(0.985);
    expect(drift).toBeLessThan(0.995);
    expect(await alertsSeen(p, BURN_ALERTS.drift, '5m')).toEqual([]);
    // The blip's job is gone: its missing minutes are excluded (the budget stops moving) ...
    const fresh1 = (await remaining('fresh')) as number;
    await sleep(3_000);
    expect(await remaining('drift')).toBeCloseTo(drift as number, 6);
    // ... while the dead exporter's feature keeps burning, one bad second per second.
    expect(await value(p, `${RECORD.badNow}{${RULE_LABEL.slo}="fresh"}`)).toBe(1);
    const fresh2 = (await remaining('fresh')) as number;
    expect(fresh2).toBeLessThan(fresh1);
    expect(fresh1).toBeLessThan(0.995); // ~25 s of dead exporter already spent
    expect(fresh1 - fresh2).toBeGreaterThan(1 / 2592); // at least one more bad second
  }, 90_000);

  it('a 1-day SLO never pages below 1× burn, and pages at 8× with the measured rate and the pair', async () => {
    const model = await exporter();
    const sel = { [LABEL.model]: 'm' };
    model.counterRate(M.modelPredictions.prometheus.name, sel, 100);
    model.counterRate(M.modelErrors.prometheus.name, sel, 7); // 7% errors: 0.7× a 10% budget
    // 1/60: the day is 24 minutes, the 1h/5m pair is 1m/5s, the 2h24m/12m ticket 2m24s/12s.
    const p = track(
      await start(
        `  - {name: daily, description: d, objective: 90, period: 1d, selector: {model: m}, sli: {kind: availability}}\n`,
        1 / 60,
        [model]
      )
    );
    await sleep(75_000); // longer than the page pair's long window
    expect(await alertsSeen(p, BURN_ALERTS.availability, '2m')).toEqual([]);
    model.counterRate(M.modelErrors.prometheus.name, sel, 80); // 80%: 8× the budget, above the 6× page
    const page = await waitFor(
      async () =>
        (
          await p.query(
            `ALERTS{alertname="${BURN_ALERTS.availability}",alertstate="firing",severity="${SEVERITY.page}"}`
          )
        )[0],
      { timeoutMs: 60_000, what: 'the page' }
    );
    expect(page.metric[BURN_WINDOW_LABEL]).toBe('1h/5m');
    const rules = (await (await fetch(`${p.url}/api/v1/alerts`)).json()) as {
      data: { alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> };
    };
    const fired = rules.data.alerts.find((a) => a.labels[RULE_LABEL.severity] === SEVERITY.page);
    const measured = Number(
      /at (\d+\.\d)× the sustainable rate over the last 1h/.exec(fired?.annotations.description ?? '')?.[1]
    );
    expect(measured).toBeGreaterThanOrEqual(6); // it fires as the long window crosses 6×
    expect(measured).toBeLessThanOrEqual(10);
    expect(fired?.annotations.description).toContain('the 1h/5m pair fires at 6×');
  }, 200_000);

  it('a daily pipeline that misses its run alerts, and one that fails twice in a row pages', async () => {
    const job = await exporter();
    const t0 = Date.now() / 1000;
    const run = (pipeline: string, at: number, success: boolean) => {
      job.gauge(M.pipelineLastRun.prometheus.name, { [LABEL.pipeline]: pipeline }, at);
      if (success) job.gauge(M.pipelineLastSuccess.prometheus.name, { [LABEL.pipeline]: pipeline }, at);
    };
    for (const pipeline of ['nightly', 'flaky', 'healthy']) run(pipeline, t0, true);
    // 1/3600: a day is 24 s, so `late: 6h` is 6 s: nightly is missed 30 s after its one run.
    const slo = (name: string) =>
      `  - {name: ${name}, description: d, objective: 90, selector: {pipeline: ${name}}, sli: {kind: pipelineSuccess, schedule: 1d, failedRunsInARow: 2, late: 6h}}\n`;
    const p = track(await start(slo('nightly') + slo('flaky') + slo('healthy'), 1 / 3600, [job]));
    // The runs that count start once Prometheus scrapes them.
    for (const pipeline of ['nightly', 'flaky', 'healthy']) run(pipeline, Date.now() / 1000, true);
    const day = 24_000;
    const ticker = setInterval(() => {
      const now = Date.now() / 1000;
      run('flaky', now, false);
      run('healthy', now, true);
    }, day);
    try {
      const firing = (alert: string, pipeline: string) =>
        waitFor(
          async () =>
            (await p.query(`ALERTS{alertname="${alert}",alertstate="firing",${LABEL.pipeline}="${pipeline}"}`))[0],
          { timeoutMs: 80_000, what: `${alert} for ${pipeline}` }
        );
      await firing(SLO_ALERTS.runMissed, 'nightly');
      await firing(SLO_ALERTS.runsFailed, 'flaky');
      // The healthy pipeline never alerted; the flaky one runs on time; nightly never failed a run.
      expect(await p.query(`ALERTS{${LABEL.pipeline}="healthy"}`)).toEqual([]);
      expect(await p.query(`ALERTS{alertname="${SLO_ALERTS.runMissed}",${LABEL.pipeline}="flaky"}`)).toEqual([]);
      expect(await p.query(`ALERTS{alertname="${SLO_ALERTS.runsFailed}",${LABEL.pipeline}="nightly"}`)).toEqual([]);
    } finally {
      clearInterval(ticker);
    }
  }, 150_000);
});
