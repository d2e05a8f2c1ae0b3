import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { requireBinary } from '@sieve/testkit';
import { MAINTENANCE, RECEIVERS } from '../src/alertmanagerConfig.ts';
import { ALL_ALERT_NAMES } from '../src/alertNames.ts';
import { generateRules, RULE_FILES } from '../src/generate.ts';
import { scenarios, TEST_FILES } from '../src/promtoolTests.ts';
import { RULE_LABEL, SEVERITY } from '../src/ruleLabels.ts';
import { isAlertingRule, type AlertingRule } from '../src/ruleTypes.ts';
import { parseSpec } from '../src/spec.ts';
import { ALERTMANAGER_DIR, ALERTMANAGER_YML, PROMETHEUS_DIR, RUNBOOKS_DIR, SPEC, TESTS_DIR } from './support/paths.ts';
import { run } from './support/run.ts';

const ruleFiles = Object.values(RULE_FILES).map((f) => join(PROMETHEUS_DIR, f));
const spec = parseSpec(readFileSync(SPEC, 'utf8'));
const rules = generateRules(spec);
const alerts: AlertingRule[] = [...rules.sloAlerts, ...rules.directAlerts].flatMap((g) =>
  g.rules.filter(isAlertingRule)
);

describe('promtool (Prometheus 2.42)', () => {
  const promtool = requireBinary('promtool');

  it('finds the committed rules clean with --lint=all', async () => {
    const result = await run(promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...ruleFiles]);
    expect(result.output).not.toMatch(/FAILED|lint error/);
    expect(result.code).toBe(0);
  });

  it('passes the generated unit tests: every alert fires in one scenario and stays silent in another', async () => {
    // Both files at once: they are independent and this machine has two cores.
    const results = await Promise.all(
      Object.values(TEST_FILES).map((f) => run(promtool, ['test', 'rules', join(TESTS_DIR, f)]))
    );
    for (const result of results) {
      expect(result.output).toMatch(/SUCCESS/);
      expect(result.code).toBe(0);
    }
    // About 40 s of CPU per file; minutes of wall clock when other suites share the two cores.
  }, 480_000);
});

describe('the generated promtool scenarios', () => {
  it('cover every alerting rule with a firing and a silent case', () => {
    const all = scenarios(spec);
    // Scenarios generate their own copy of the rules: compare rules by name and labels.
    const key = (r: AlertingRule) => JSON.stringify([r.alert, r.labels]);
    for (const rule of alerts) {
      const about = all.filter((s) => s.alerts.some((a) => key(a.rule) === key(rule)));
      const firesIn = about.filter((s) => s.firing && (!s.only || s.only.some((r) => key(r) === key(rule))));
      expect({ rule: `${rule.alert} ${rule.labels.severity}`, firing: firesIn.length > 0 }).toEqual({
        rule: `${rule.alert} ${rule.labels.severity}`,
        firing: true,
      });
      expect(about.some((s) => !s.firing)).toBe(true);
    }
  });

  it('set interval: on every test group (required on 2.42)', () => {
    for (const f of Object.values(TEST_FILES)) {
      const doc = parse(readFileSync(join(TESTS_DIR, f), 'utf8')) as { tests: Array<{ interval?: string }> };
      expect(doc.tests.length).toBeGreaterThan(0);
      expect(doc.tests.every((t) => typeof t.interval === 'string')).toBe(true);
    }
  });
});

describe('alert conventions', () => {
  it.each(alerts.map((a) => [`${a.alert} (${a.labels[RULE_LABEL.severity]})`, a] as const))(
    '%s: Sieve prefix, CamelCase, severity, the four annotations, a runbook',
    (_, alert) => {
      expect(alert.alert).toMatch(/^Sieve[A-Z][a-zA-Z]+$/);
      expect([SEVERITY.page, SEVERITY.ticket]).toContain(alert.labels[RULE_LABEL.severity]);
      expect(alert.annotations.description).not.toMatch(/\bundefined\b|NaN/);
      expect(alert.annotations.summary).toMatch(/^[A-Z].*\.$/);
      expect(alert.annotations.description.length).toBeGreaterThan(20);
      expect(alert.annotations.runbook_url).toMatch(new RegExp(`/runbooks/${alert.alert}\\.md$`));
      expect(alert.annotations.dashboard_url).toMatch(/^http:\/\/localhost:3000\/d\/sieve-/);
      expect(ALL_ALERT_NAMES).toContain(alert.alert);
    }
  );

  it.each(ALL_ALERT_NAMES.map((n) => [n]))('runbooks/%s.md has symptom, likely causes, checks and fixes', (name) => {
    const path = join(RUNBOOKS_DIR, `${name}.md`);
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(new RegExp(`^# ${name}\\b`));
    for (const section of ['Symptom', 'Likely causes', 'Checks', 'Fixes'])
      expect(text).toMatch(new RegExp(`^## ${section}$`, 'm'));
  });
});

describe('amtool (Alertmanager 0.25)', () => {
  const amtool = requireBinary('amtool');
  const configs = readdirSync(ALERTMANAGER_DIR).filter((f) => f.endsWith('.yml'));

  it('finds the demo config, the routing subtree and the PagerDuty, Slack and email examples', () => {
    expect(configs.sort()).toEqual([
      'alertmanager.yml',
      'example-email.yml',
      'example-pagerduty.yml',
      'example-slack.yml',
      'sieve-routes.yml',
    ]);
  });

  it.each(configs)('accepts %s', async (file) => {
    const result = await run(amtool, ['check-config', join(ALERTMANAGER_DIR, file)]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.output).toMatch(/2 inhibit rules/);
    expect(result.code).toBe(0);
  });

  interface Route {
    receiver?: string;
    matchers?: string[];
    mute_time_intervals?: string[];
    routes?: Route[];
  }
  it.each(configs)('%s: every route below the root is muted in the maintenance window', (file) => {
    const config = parse(readFileSync(join(ALERTMANAGER_DIR, file), 'utf8')) as { route: Route };
    const sieve: Route[] = [];
    const walk = (r: Route) => {
      sieve.push(r);
      r.routes?.forEach(walk);
    };
    // The team's own routes in the examples are theirs to mute; Sieve's route and all below it are muted.
    const top = config.route.routes ?? [];
    top
      .filter((r) => r.matchers?.some((m) => m.startsWith('alertname=~"Sieve')) || file === 'alertmanager.yml')
      .forEach(walk);
    expect(sieve.length).toBeGreaterThanOrEqual(4);
    for (const r of sieve)
      expect({ route: r.matchers, muted: r.mute_time_intervals }).toEqual({ route: r.matchers, muted: [MAINTENANCE] });
  });

  // Routing depends on severity alone; the identity labels only group. Every combination is checked.
  const severities: Array<[string | undefined, string]> = [
    [SEVERITY.page, RECEIVERS.pager],
    [SEVERITY.ticket, RECEIVERS.ticket],
    [SEVERITY.info, RECEIVERS.blackhole],
    [undefined, RECEIVERS.ticket],
  ];
  const identities = [LABEL.pipeline, LABEL.model, RULE_LABEL.slo];
  const combos = Array.from({ length: 1 << identities.length }, (_, mask) =>
    identities.filter((_, i) => mask & (1 << i)).map((l) => `${l}=x`)
  );
  const cases = severities.flatMap(([severity, receiver]) =>
    combos.map((labels) => {
      const all = [`alertname=SieveTest`, ...(severity ? [`${RULE_LABEL.severity}=${severity}`] : []), ...labels];
      return [all.join(' '), receiver, all] as const;
    })
  );

  /** `amtool config routes test`: exits 0 only when the labels reach exactly `receiver`. */
  const routesTest = (config: string, receiver: string, labels: readonly string[]) =>
    run(amtool, ['config', 'routes', 'test', `--config.file=${config}`, `--verify.receivers=${receiver}`, ...labels]);

  it.each(cases)('routes {%s} to %s', async (_, receiver, labels) => {
    const result = await routesTest(ALERTMANAGER_YML, receiver, labels);
    expect(result.stdout.trim()).toBe(receiver);
    expect(result.code).toBe(0);
  });

  it('routes an alert from outside Sieve to the muted catch-all ticket route in the demo config', async () => {
    const result = await routesTest(ALERTMANAGER_YML, RECEIVERS.ticket, [
      'alertname=SomethingElse',
      `${RULE_LABEL.severity}=${SEVERITY.page}`,
    ]);
    expect(result.code).toBe(0);
  });

  it.each(['example-pagerduty.yml', 'example-slack.yml', 'example-email.yml'])(
    '%s: Sieve pages reach sieve-pager, the team’s own alerts stay on its routes',
    async (file) => {
      const config = join(ALERTMANAGER_DIR, file);
      const page = await routesTest(config, RECEIVERS.pager, [
        'alertname=SievePipelineNotRunning',
        `${RULE_LABEL.severity}=${SEVERITY.page}`,
      ]);
      expect(page.code).toBe(0);
      const team = await routesTest(config, 'team-default', [
        'alertname=HighLatency',
        `${RULE_LABEL.severity}=${SEVERITY.page}`,
        'team=web',
      ]);
      expect(team.code).toBe(0);
    }
  );

  it('fails verification when the receiver is wrong (the check can fail)', async () => {
    const result = await routesTest(ALERTMANAGER_YML, RECEIVERS.ticket, [
      'alertname=SieveTest',
      `${RULE_LABEL.severity}=${SEVERITY.page}`,
    ]);
    expect(result.code).not.toBe(0);
  });
});
