import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import {
  freePort,
  requireBinary,
  startAlertmanager,
  startProcess,
  startWebhookReceiver,
  tempDir,
  waitFor,
  waitUntilReady,
  type ManagedProcess,
} from '@sieve/testkit';
import { stringify } from 'yaml';
import { alertmanagerConfig, RECEIVERS } from '../src/alertmanagerConfig.ts';
import { DIRECT_ALERTS } from '../src/alertNames.ts';
import { ruleFiles } from '../src/generate.ts';
import { parseSpec } from '../src/spec.ts';
import { carries, WEBHOOK_PATH } from './support/alertmanagerForTests.ts';
import { startSyntheticExporter } from './support/syntheticExporter.ts';

/**
 * Prometheus 2.42 restarted with its data directory kept, while an alert is pending: the page still
 * reaches the receiver afterwards. (Whether its pending time is restored from ALERTS_FOR_STATE is
 * not asserted: with a short `for:` this Prometheus starts it over.)
 */
describe('Prometheus restarted with its data directory', () => {
  it('still notifies an alert that was pending when it stopped', async () => {
    const spec = parseSpec(`version: sieve/v1
service: restart
runbookBaseUrl: http://runbooks.invalid/rules/runbooks
dashboardBaseUrl: http://grafana.invalid/d
pipelines:
  - {name: p, notRunningAfter: 1m, failingFor: 20m}
`);
    const hook = await startWebhookReceiver();
    const am = await startAlertmanager(
      stringify(
        alertmanagerConfig({
          pagerUrl: `${hook.url}${WEBHOOK_PATH[RECEIVERS.pager]}`,
          ticketUrl: `${hook.url}${WEBHOOK_PATH[RECEIVERS.ticket]}`,
          groupWait: '1s',
          pageGroupWait: '1s',
          groupInterval: '1s',
          maintenance: [],
        })
      )
    );
    const job = await startSyntheticExporter();
    // The last run succeeded long ago, then runs kept failing: SievePipelineFailing, for 20m → 20 s at 1/60.
    job.gauge(METRICS.pipelineLastSuccess.prometheus.name, { [LABEL.pipeline]: 'p' }, 1);
    const dir = tempDir('prometheus-restart');
    const files = ruleFiles(spec, 'restart.slos.yaml', 1 / 60);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: Object.keys(files).map((f) => join(dir, f)),
        alerting: { alertmanagers: [{ static_configs: [{ targets: [am.address] }] }] },
        scrape_configs: [{ job_name: 'p', static_configs: [{ targets: [job.target] }] }],
      })
    );
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const launch = async (): Promise<ManagedProcess> => {
      const proc = startProcess(
        requireBinary('prometheus'),
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--rules.alert.for-grace-period=1s',
          '--log.level=warn',
        ],
        tempDir('prometheus-scratch') // stop() removes this one; the TSDB stays in `dir`
      );
      await waitUntilReady(proc, `${url}/-/ready`, 'Prometheus');
      return proc;
    };
    const refresh = setInterval(
      () => job.gauge(METRICS.pipelineLastRun.prometheus.name, { [LABEL.pipeline]: 'p' }, Date.now() / 1000),
      500
    );
    let prometheus = await launch();
    try {
      const pending = async () => {
        const res = (await (await fetch(`${url}/api/v1/alerts`)).json()) as {
          data: { alerts: Array<{ labels: Record<string, string>; state: string; activeAt: string }> };
        };
        return res.data.alerts.find((a) => a.labels.alertname === DIRECT_ALERTS.pipelineFailing);
      };
      await waitFor(async () => (await pending())?.state === 'pending', {
        timeoutMs: 30_000,
        what: 'the alert pending',
      });
      await new Promise((r) => setTimeout(r, 8_000));
      await prometheus.stop();
      prometheus = await launch();
      // It is evaluated again from the kept TSDB and still pages (the condition still holds).
      await waitFor(pending, { timeoutMs: 30_000, what: 'the alert after the restart' });
      const page = { alertname: DIRECT_ALERTS.pipelineFailing, [LABEL.pipeline]: 'p' };
      await hook.waitFor((n) => n.path === WEBHOOK_PATH[RECEIVERS.pager] && carries(n, page), {
        timeoutMs: 40_000,
      });
    } finally {
      clearInterval(refresh);
      await prometheus.stop();
      await Promise.all([am.stop(), hook.stop(), job.kill()]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
