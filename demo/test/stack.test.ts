import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec, timeScale } from '@sieve/rules';
import { requireBinary, tempDir } from '@sieve/testkit';
import { compressibleSpec } from '../src/stack/compressedSpec.ts';
import { COMPOSE_ADDRESSES, nativeProvisioning } from '../src/stack/grafanaProvisioning.ts';
import { formatNotification, repositoryRunbook } from '../src/stack/printNotification.ts';
import { PRODUCTION } from '../src/stack/profiles.ts';
import { DEFAULT_SPEC, REPO, startStack } from '../src/stack/stack.ts';

describe('the stack', () => {
  it('names every missing binary at once, with one apt-get line that installs them', async () => {
    const path = process.env.PATH;
    const onlyPrometheus = tempDir('only-prometheus');
    symlinkSync(requireBinary('prometheus'), join(onlyPrometheus, 'prometheus'));
    try {
      process.env.PATH = tempDir('empty-path');
      await expect(startStack({ profile: PRODUCTION })).rejects.toThrow(
        'prometheus, prometheus-alertmanager or alertmanager, prometheus-pushgateway or pushgateway not found on PATH: ' +
          "install them with 'apt-get install -y prometheus prometheus-alertmanager prometheus-pushgateway'"
      );
      process.env.PATH = onlyPrometheus;
      await expect(startStack({ profile: PRODUCTION })).rejects.toThrow(
        'prometheus-alertmanager or alertmanager, prometheus-pushgateway or pushgateway not found on PATH: ' +
          "install them with 'apt-get install -y prometheus-alertmanager prometheus-pushgateway'"
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('raises age bounds that compressed time would put below what a scrape can see, and nothing else', () => {
    const spec = parseSpec(readFileSync(DEFAULT_SPEC, 'utf8'), DEFAULT_SPEC);
    const compressed = compressibleSpec(spec, 1 / 60, 3);
    const seconds = (d: string) => timeScale(1 / 60).seconds(d);
    for (const p of compressed.pipelines) if (p.features) expect(seconds(p.features.maxAge)).toBeGreaterThanOrEqual(3);
    for (const s of compressed.slos)
      if (s.sli.kind === 'freshness') expect(seconds(s.sli.maxAge)).toBeGreaterThanOrEqual(3);
    expect(compressed.pipelines.map((p) => p.notRunningAfter)).toEqual(spec.pipelines.map((p) => p.notRunningAfter));
    expect(compressibleSpec(spec, 1, 3)).toEqual(spec);
  });

  it("points a copy of provisioning/ at the native stack's addresses", () => {
    const from = tempDir('prov-from');
    mkdirSync(join(from, 'datasources'));
    writeFileSync(
      join(from, 'datasources', 'x.yaml'),
      `url: ${COMPOSE_ADDRESSES.prometheusUrl}\nam: ${COMPOSE_ADDRESSES.alertmanagerUrl}\npath: ${COMPOSE_ADDRESSES.dashboardsDir}\njsonData: { ${COMPOSE_ADDRESSES.scrapeInterval} }\n`
    );
    const to = join(tempDir('prov-to'), 'p');
    nativeProvisioning(from, to, {
      prometheusUrl: 'http://127.0.0.1:1',
      alertmanagerUrl: 'http://127.0.0.1:2',
      dashboardsDir: '/d',
      scrapeInterval: '1s',
    });
    expect(readFileSync(join(to, 'datasources', 'x.yaml'), 'utf8')).toBe(
      'url: http://127.0.0.1:1\nam: http://127.0.0.1:2\npath: /d\njsonData: { timeInterval: 1s }\n'
    );
  });

  it('finds every compose-side value it replaces in the real provisioning/', () => {
    const provisioned = ['datasources', 'dashboards', 'alerting']
      .flatMap((dir) => readdirSync(join(REPO, 'provisioning', dir)).map((f) => join(REPO, 'provisioning', dir, f)))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const value of Object.values(COMPOSE_ADDRESSES)) expect(provisioned).toContain(value);
  });

  it('prints one line per alert of a notification', () => {
    const alert = (status: 'firing' | 'resolved', name: string) => ({
      status,
      labels: { alertname: name, model: 'm', team: 't' },
      annotations: { summary: 'It broke.', runbook_url: `https://example.com/runbooks/${name}.md` },
      startsAt: '',
      endsAt: '',
      generatorURL: '',
      fingerprint: '',
    });
    const n = {
      path: '/page',
      receivedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
      payload: {
        version: '4',
        groupKey: '',
        truncatedAlerts: 0,
        status: 'firing' as const,
        receiver: 'pager',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: '',
        alerts: [alert('firing', 'A'), alert('resolved', 'B')],
      },
    };
    expect(formatNotification(n)).toBe(
      '12:00:00 [PAGE] FIRING A {model=m} — It broke. (runbook: https://example.com/runbooks/A.md)\n' +
        '12:00:00 [PAGE] RESOLVED B {model=m} — It broke.'
    );
  });

  it("names a firing alert's runbook by its repository path when the repository has it", () => {
    const url = (alert: string) => `https://github.com/sieve-observability/sieve/blob/main/rules/runbooks/${alert}.md`;
    expect(repositoryRunbook(url('SieveModelAvailabilityBudgetBurn'))).toBe(
      'rules/runbooks/SieveModelAvailabilityBudgetBurn.md'
    );
    expect(existsSync(join(REPO, repositoryRunbook(url('SieveModelAvailabilityBudgetBurn'))))).toBe(true);
    expect(repositoryRunbook(url('NotAnAlert'))).toBe(url('NotAnAlert'));
    expect(repositoryRunbook('not a url')).toBe('not a url');
  });
});
