import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import {
  startPrometheus,
  startWebhookReceiver,
  waitFor,
  type AlertmanagerServer,
  type PrometheusServer,
  type WebhookReceiver,
} from '@sieve/testkit';
import { RECEIVERS } from '../src/alertmanagerConfig.ts';
import { BURN_ALERTS, DIRECT_ALERTS, SLO_ALERTS } from '../src/alertNames.ts';
import { ruleFiles } from '../src/generate.ts';
import { RULE_LABEL, SEVERITY } from '../src/ruleLabels.ts';
import { parseSpec } from '../src/spec.ts';
import { carries, startTestAlertmanager, WEBHOOK_PATH } from './support/alertmanagerForTests.ts';
import { startSyntheticExporter, type SyntheticExporter } from './support/syntheticExporter.ts';

/**
 * Review F14: "a down pipeline inhibits its symptoms" matches on `pipeline`, which feature and
 * dataset series do not carry. The generated drift and completeness burn alerts take it from the
 * spec (the pipeline that lists the feature or dataset). Real Prometheus 2.42 with the generated
 * rules (1/60 time) sends to real Alertmanager 0.25 with the generated routing: the burn alerts of a
 * pipeline that stopped fire in Prometheus but never arrive, while the same alerts of a running
 * pipeline page. The same holds for `SieveSloNoData` (a ticket) when a feature's SLI and the
 * pipeline's own freshness SLI go quiet: the stopped pipeline's never arrive, the running one's do.
 */

const SPEC = `version: sieve/v1
service: inhibit
runbookBaseUrl: http://runbooks.invalid/rules/runbooks
dashboardBaseUrl: http://grafana.invalid/d
slos:
  - {name: drift, description: d, objective: 99.9, sli: {kind: drift, maxPsi: 0.25}, noDataFor: 6m}
  - {name: completeness, description: d, objective: 98, sli: {kind: completeness}}
  - {name: runs, description: d, objective: 99, sli: {kind: freshness, of: pipeline, maxAge: 3d}, missingData: excluded, noDataFor: 6m}
pipelines:
  - name: stopped
    notRunningAfter: 1m
    failingFor: 1d
    features: {names: [f_stopped, f_stopped_quiet], maxAge: 1d, psi: {moderate: 0.1, significant: 0.25, ticketFor: 1d, pageFor: 1d}}
    datasets: {names: [d_stopped], minCompleteness: 0.01, window: 30m, for: 1d, schemaChangeWindow: 1h}
  - name: running
    notRunningAfter: 1d
    failingFor: 1d
    features: {names: [f_running, f_running_quiet], maxAge: 1d, psi: {moderate: 0.1, significant: 0.25, ticketFor: 1d, pageFor: 1d}}
    datasets: {names: [d_running], minCompleteness: 0.01, window: 30m, for: 1d, schemaChangeWindow: 1h}
`;
const M = METRICS;
const PAGE = WEBHOOK_PATH[RECEIVERS.pager];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a down pipeline inhibits the drift and completeness burn alerts of its features and datasets', () => {
  let hook: WebhookReceiver;
  let exporter: SyntheticExporter;
  let am: AlertmanagerServer;
  let prometheus: PrometheusServer;
  beforeAll(async () => {
    hook = await startWebhookReceiver();
    exporter = await startSyntheticExporter();
    const now = Date.now() / 1000;
    for (const [pipeline, lastRun] of [
      ['stopped', now - 3600], // an hour ago: 60 × notRunningAfter at 1/60
      ['running', now],
    ] as const) {
      exporter.gauge(M.pipelineLastRun.prometheus.name, { [LABEL.pipeline]: pipeline }, lastRun);
      exporter.gauge(M.pipelineLastSuccess.prometheus.name, { [LABEL.pipeline]: pipeline }, lastRun);
      const feature = { [LABEL.feature]: `f_${pipeline}` };
      exporter.gauge(M.featurePsi.prometheus.name, feature, 0.5);
      exporter.gauge(M.featureLastUpdate.prometheus.name, feature, now);
      // Within its drift SLO; its PSI goes away in the no-data case.
      const quiet = { [LABEL.feature]: `f_${pipeline}_quiet` };
      exporter.gauge(M.featurePsi.prometheus.name, quiet, 0.01);
      exporter.gauge(M.featureLastUpdate.prometheus.name, quiet, now);
      const dataset = { [LABEL.dataset]: `d_${pipeline}` };
      exporter.counterRate(M.datasetRecords.prometheus.name, dataset, 100);
      exporter.counterRate(M.datasetMissing.prometheus.name, { ...dataset, [LABEL.field]: 'x' }, 50); // 25× a 2% budget
    }
    am = await startTestAlertmanager(hook.url);
    prometheus = await startPrometheus({
      rules: ruleFiles(parseSpec(SPEC), 'inhibit.slos.yaml', 1 / 60),
      scrapeJobs: [{ job: 'inhibit', targets: [exporter.target] }],
      alertmanagers: [am.address],
    });
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
    await am?.stop();
    await exporter?.kill();
    await hook?.stop();
  });

  const firingInPrometheus = (alertname: string, labels: Record<string, string>) =>
    waitFor(
      async () => {
        const selector = Object.entries({ alertname, alertstate: 'firing', ...labels })
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',');
        return (await prometheus.query(`ALERTS{${selector}}`)).length > 0;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: `${alertname} ${JSON.stringify(labels)} firing in Prometheus` }
    );

  it('the burn alerts carry the pipeline that lists their feature or dataset', async () => {
    const page = { [RULE_LABEL.severity]: SEVERITY.page };
    for (const pipeline of ['stopped', 'running']) {
      await firingInPrometheus(BURN_ALERTS.drift, {
        ...page,
        [LABEL.feature]: `f_${pipeline}`,
        [LABEL.pipeline]: pipeline,
      });
      await firingInPrometheus(BURN_ALERTS.completeness, {
        ...page,
        [LABEL.dataset]: `d_${pipeline}`,
        [LABEL.pipeline]: pipeline,
      });
    }
  }, 120_000);

  it('pages the stopped pipeline and the running pipeline’s burns, never the stopped pipeline’s burns', async () => {
    await hook.waitFor(
      (n) =>
        n.path === PAGE && carries(n, { alertname: DIRECT_ALERTS.pipelineNotRunning, [LABEL.pipeline]: 'stopped' }),
      { timeoutMs: 90_000 }
    );
    // The control: the running pipeline's burns arrive, so the stopped one's could have.
    await hook.waitFor(
      (n) => n.path === PAGE && carries(n, { alertname: BURN_ALERTS.drift, [LABEL.feature]: 'f_running' }),
      {
        timeoutMs: 90_000,
      }
    );
    await hook.waitFor(
      (n) => n.path === PAGE && carries(n, { alertname: BURN_ALERTS.completeness, [LABEL.dataset]: 'd_running' }),
      { timeoutMs: 90_000 }
    );
    await sleep(3000); // several group intervals (1s): an uninhibited alert would have arrived by now
    const delivered = hook.notifications.flatMap((n) => n.payload.alerts.map((a) => a.labels));
    const stopped = delivered.filter((l) => l[LABEL.feature] === 'f_stopped' || l[LABEL.dataset] === 'd_stopped');
    expect(stopped).toEqual([]);
  }, 200_000);

  it('never delivers the stopped pipeline’s SieveSloNoData (its feature’s or its own SLO), delivers the running one’s', async () => {
    const TICKET = WEBHOOK_PATH[RECEIVERS.ticket];
    const series = (pipeline: string): Array<Record<string, string>> => [
      { [LABEL.feature]: `f_${pipeline}_quiet`, [RULE_LABEL.slo]: 'drift' },
      { [LABEL.pipeline]: pipeline, [RULE_LABEL.slo]: 'runs' },
    ];
    // SieveSloNoData needs an SLI that had data: wait for each to be recorded once, then silence it.
    for (const pipeline of ['stopped', 'running']) {
      for (const labels of series(pipeline)) {
        const selector = Object.entries(labels)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',');
        await waitFor(async () => (await prometheus.query(`slo:sli_error:bool{${selector}}`)).length > 0, {
          timeoutMs: 60_000,
          intervalMs: 500,
          what: `the SLI ${selector} recorded`,
        });
      }
      exporter.gauge(M.featurePsi.prometheus.name, { [LABEL.feature]: `f_${pipeline}_quiet` }, undefined);
      exporter.gauge(M.pipelineLastSuccess.prometheus.name, { [LABEL.pipeline]: pipeline }, undefined);
    }
    for (const pipeline of ['stopped', 'running']) {
      for (const labels of series(pipeline)) {
        await firingInPrometheus(SLO_ALERTS.noData, { ...labels, [LABEL.pipeline]: pipeline });
      }
    }
    // The control: the running pipeline's no-data tickets arrive, so the stopped one's could have.
    for (const labels of series('running')) {
      await hook.waitFor((n) => n.path === TICKET && carries(n, { alertname: SLO_ALERTS.noData, ...labels }), {
        timeoutMs: 60_000,
      });
    }
    await sleep(3000); // several group intervals (1s): an uninhibited alert would have arrived by now
    const delivered = hook.notifications.flatMap((n) => n.payload.alerts.map((a) => a.labels));
    const stopped = delivered.filter(
      (l) => l[LABEL.pipeline] === 'stopped' && l.alertname !== DIRECT_ALERTS.pipelineNotRunning
    );
    expect(stopped.map((l) => `${l.alertname} ${l[RULE_LABEL.slo] ?? ''}`)).toEqual([]);
  }, 200_000);
});
