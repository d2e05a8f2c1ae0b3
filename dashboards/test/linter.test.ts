import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { RECORD, RULE_LABEL } from '@sieve/rules';
import { requireBinary } from '@sieve/testkit';
import { DATASOURCE_VARIABLE } from '../src/datasources.ts';
import { WHEN_RED } from '../src/text.ts';
import { expand } from './support/expand.ts';
import { allPanels, generatedDashboards, isPrometheus, type Panel } from './support/generated.ts';
import {
  counterAggProblems,
  datasourceProblems,
  descriptionProblems,
  rateIntervalProblems,
  unitProblems,
} from './support/lintRules.ts';

/**
 * The rules of Grafana's dashboard linter (github.com/grafana/dashboard-linter), written as our
 * own tests over every generated dashboard, plus Sieve's conventions. Rules that do not fit Sieve
 * are listed in EXCLUSIONS with the reason, as the linter's `.lint` file would.
 */
export const EXCLUSIONS = {
  'template-job-rule': 'Sieve series are identified by pipeline, model, feature and dataset, not by scrape job.',
  'template-instance-rule': 'Batch jobs push under a stable identity; the instance of a scrape is not what users pick.',
  'target-job-rule': 'SLO panels read recording rules, which aggregate jobs away.',
  'target-instance-rule': 'As for target-job-rule.',
} as const;

const dashboards = generatedDashboards();
const panels = dashboards.flatMap((d) => allPanels(d).map((p) => ({ d, p })));
const visible = panels.filter(({ p }) => p.type !== 'row');
const targets = visible.flatMap(({ d, p }) => (p.targets ?? []).map((t) => ({ d, p, t })));
const promTargets = targets.filter(({ t }) => isPrometheus(t));
const where = (uid: string, p: Panel) => `${uid} panel ${p.id} "${p.title}"`;

describe.each(dashboards.map((d) => [d.uid, d] as const))('dashboard %s', (_uid, d) => {
  it('template-datasource-rule: one Prometheus datasource variable, named datasource, labelled Data Source', () => {
    const ds = d.templating.list.filter((v) => v.type === 'datasource' && v.query === 'prometheus');
    expect(ds.map((v) => [v.name, v.label])).toEqual([[DATASOURCE_VARIABLE, 'Data Source']]);
  });

  it('template-on-time-change-reload-rule: query variables refresh on time range change', () => {
    for (const v of d.templating.list.filter((x) => x.type === 'query'))
      expect([v.name, v.refresh]).toEqual([v.name, 2]);
  });

  it('template-uneditable-rule: the dashboard is not editable (it is provisioned from code)', () => {
    expect(d.editable).toBe(false);
  });

  it('template-label-promql-rule: query variables are label_values() of a known series and label', () => {
    const series = new Set<unknown>([
      ...Object.values(METRICS).flatMap((m) => [m.prometheus.name, m.prometheus.count, m.prometheus.bucket]),
      ...Object.values(RECORD).filter((r) => typeof r === 'string'),
    ]);
    const labels = new Set<string>([...Object.values(LABEL), ...Object.values(RULE_LABEL)]);
    for (const v of d.templating.list.filter((x) => x.type === 'query')) {
      const m = /^label_values\((\w[\w:]*), (\w+)\)$/.exec(v.query ?? '');
      expect({ variable: v.name, query: v.query, ok: !!m && series.has(m[1]!) && labels.has(m[2]!) }).toEqual({
        variable: v.name,
        query: v.query,
        ok: true,
      });
      expect(m?.[2]).toBe(v.name); // named after its label, so dashboard_url's var-<label> selects it
    }
  });

  it('carries the current schemaVersion, a uid of at most 40 characters, unique panel ids and no __inputs', () => {
    expect(d.schemaVersion).toBe(42);
    expect(d.uid.length).toBeLessThanOrEqual(40);
    const ids = allPanels(d).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.stringify(d)).not.toMatch(/__inputs|\$\{DS_/);
    for (const p of allPanels(d)) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
  });
});

describe('panels', () => {
  const check = (rule: (p: Panel) => string[]) => {
    for (const { d, p } of visible) expect([where(d.uid, p), rule(p)]).toEqual([where(d.uid, p), []]);
  };

  it('panel-datasource-rule: every panel and target reaches its datasource through a variable', () => {
    check(datasourceProblems);
  });

  it('panel-title-description-rule: every panel has a title and a description saying what to do when red', () => {
    check(descriptionProblems);
  });

  it('panel-units-rule: every panel sets a unit Grafana knows', () => {
    check(unitProblems);
  });

  it('panel-no-targets: every panel queries something', () => {
    for (const { d, p } of visible)
      expect([where(d.uid, p), (p.targets ?? []).length > 0]).toEqual([where(d.uid, p), true]);
  });

  it('target-rate-interval-rule: rate() and irate() in PromQL targets use $__rate_interval', () => {
    for (const { d, p, t } of promTargets)
      expect([where(d.uid, p), rateIntervalProblems(t.expr ?? '')]).toEqual([where(d.uid, p), []]);
    expect(promTargets.some(({ t }) => t.expr?.includes('rate('))).toBe(true);
  });

  it('target-rate-interval-rule holds for the PromQL in Sieve anomaly targets too (the backend fills $__rate_interval)', () => {
    const anomaly = targets.filter(({ t }) => t.queryType === 'anomaly');
    for (const { d, p, t } of anomaly)
      expect([where(d.uid, p), rateIntervalProblems(t.expr ?? '')]).toEqual([where(d.uid, p), []]);
    expect(anomaly.filter(({ t }) => t.expr?.includes('rate(')).length).toBeGreaterThanOrEqual(2);
  });

  it('target-counter-agg-rule: counters are read only through rate(), irate() or increase(), Sieve anomaly PromQL too', () => {
    const withExpr = targets.filter(({ t }) => isPrometheus(t) || t.queryType === 'anomaly');
    for (const { d, p, t } of withExpr)
      expect([where(d.uid, p), counterAggProblems(t.expr ?? '')]).toEqual([where(d.uid, p), []]);
    expect(withExpr.some(({ t }) => /_total\b/.test(t.expr ?? ''))).toBe(true);
  });

  it('target-promql-rule: every PromQL target, variables expanded, parses (promtool check rules)', () => {
    const promtool = requireBinary('promtool');
    const exprs = promTargets.map(({ d, t }) => expand(t.expr ?? '', d, () => ['amount']));
    const dir = mkdtempSync(join(tmpdir(), 'sieve-dashboards-promql-'));
    try {
      const file = join(dir, 'exprs.yml');
      const rules = exprs.map((e, i) => `      - record: dashboard:expr_${i}\n        expr: ${JSON.stringify(e)}`);
      writeFileSync(file, `groups:\n  - name: dashboard-exprs\n    rules:\n${rules.join('\n')}\n`);
      const out = execFileSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
      expect(out).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the rules catch what they are for', () => {
    const bad: Panel = {
      id: 1,
      type: 'timeseries',
      title: 'Bad',
      description: 'Shows something.',
      datasource: { type: 'prometheus', uid: 'a-fixed-uid' },
      targets: [{ refId: 'A', datasource: { type: 'prometheus', uid: '${datasource}' }, expr: 'x' }],
      gridPos: { x: 0, y: 0, w: 6, h: 6 },
      fieldConfig: { defaults: { unit: 'furlongs' } },
    };
    expect(
      rateIntervalProblems('sum(rate(a{b=~"c"}[5m])) / irate(d[$__rate_interval]) + rate(e[$__interval])')
    ).toEqual(['rate() over [5m], not [$__rate_interval]', 'rate() over [$__interval], not [$__rate_interval]']);
    expect(
      counterAggProblems(
        'sum(x_total{a="b_total"}) + sum(rate(y_total{a="b"}[$__rate_interval])) + increase(z_total[1h])'
      )
    ).toEqual(['counter x_total is not aggregated with rate, irate or increase']);
    expect(counterAggProblems('delta(w_total[5m])')).toEqual([
      'counter w_total is not aggregated with rate, irate or increase',
    ]);
    expect(unitProblems(bad)).toEqual(['unit "furlongs" is not a Grafana unit']);
    expect(descriptionProblems(bad)).toEqual([`the description does not say "${WHEN_RED}" what to do`]);
    expect(datasourceProblems(bad)).toHaveLength(2);
  });

  it('the exclusions name only rules of the linter, each with a reason', () => {
    for (const [rule, reason] of Object.entries(EXCLUSIONS)) {
      expect(rule).toMatch(/^(template|target|panel)-[a-z-]+-rule$/);
      expect(reason).toMatch(/\.$/);
    }
  });
});
