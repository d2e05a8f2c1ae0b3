import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ALL_ALERT_NAMES, parseSpec } from '@sieve/rules';
import { BUILTINS, LINK_BUILTINS, VARIABLE_REF } from './support/expand.ts';
import { allPanels, generatedDashboards, PROVISIONING, REPO, SPEC_PATH } from './support/generated.ts';

/**
 * Everything the dashboards and rules point at exists: provisioned datasource uids, defined
 * variables, runbook files, and the dashboard and panel behind every alert's dashboard_url.
 */

const dashboards = generatedDashboards();
const byUid = new Map(dashboards.map((d) => [d.uid, d]));
const spec = parseSpec(readFileSync(SPEC_PATH, 'utf8'), SPEC_PATH);

interface Datasource {
  uid: string;
  type: string;
}
const provisioned = (
  parseYaml(readFileSync(join(PROVISIONING, 'datasources', 'sieve.yaml'), 'utf8')) as { datasources: Datasource[] }
).datasources;

interface Rule {
  alert?: string;
  title?: string;
  annotations?: Record<string, string>;
  data?: Array<{ datasourceUid: string; model: { datasource?: Datasource } }>;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(f) ? [path] : [];
  });
}

/** Every rule in rules/generated (Prometheus and Grafana-managed) and in provisioning/alerting. */
const rules = [...yamlFiles(join(REPO, 'rules', 'generated')), ...yamlFiles(join(PROVISIONING, 'alerting'))].flatMap(
  (file) => {
    const doc = parseYaml(readFileSync(file, 'utf8')) as { groups?: Array<{ rules: Rule[] }> } | null;
    return (doc?.groups ?? []).flatMap((g) => g.rules.map((rule) => ({ file: relative(REPO, file), rule })));
  }
);
const alerting = rules.filter(({ rule }) => rule.annotations);

describe('datasource references', () => {
  it('every datasource variable defaults to a provisioned datasource of its type', () => {
    for (const d of dashboards) {
      for (const v of d.templating.list.filter((x) => x.type === 'datasource')) {
        const uid = v.current?.value;
        const match = provisioned.find((p) => p.uid === uid);
        expect([d.uid, v.name, match?.type]).toEqual([d.uid, v.name, v.query]);
      }
    }
  });

  it('every Grafana-managed rule queries a provisioned datasource (or Grafana’s expressions)', () => {
    const queries = rules.flatMap(({ rule }) => rule.data ?? []);
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      if (q.datasourceUid === '__expr__') continue;
      const match = provisioned.find((p) => p.uid === q.datasourceUid);
      expect([q.datasourceUid, match?.type]).toEqual([q.datasourceUid, q.model.datasource?.type]);
    }
  });
});

describe('variable references', () => {
  it('every variable a dashboard uses is defined in it (or is one of Grafana’s)', () => {
    for (const d of dashboards) {
      const defined = new Set([...d.templating.list.map((v) => v.name), ...Object.keys(BUILTINS), ...LINK_BUILTINS]);
      const text = JSON.stringify({ panels: d.panels, links: d['links'], templating: d.templating });
      for (const m of text.matchAll(VARIABLE_REF)) {
        const name = m[1] ?? m[2] ?? m[3] ?? '';
        if (name === '__all') continue;
        expect([d.uid, name, defined.has(name.split('.')[0]!)]).toEqual([d.uid, name, true]);
      }
    }
  });
});

describe('runbook links', () => {
  const base = spec.runbookBaseUrl.replace(/\/$/, '');
  /** The runbook base URL is the repository's rules/runbooks folder on GitHub. */
  const toFile = (url: string) => {
    expect(url.startsWith(`${base}/`)).toBe(true);
    expect(base.endsWith('/rules/runbooks')).toBe(true);
    return join(REPO, 'rules', 'runbooks', url.slice(base.length + 1));
  };

  it('every alert’s runbook_url resolves to a file in the repository', () => {
    expect(alerting.length).toBeGreaterThan(10);
    for (const { rule } of alerting) {
      const file = toFile(rule.annotations?.runbook_url ?? '');
      expect([rule.alert ?? rule.title, existsSync(file)]).toEqual([rule.alert ?? rule.title, true]);
    }
  });

  it('the on-call runbook link resolves for every alert Sieve can fire', () => {
    const links = dashboards.flatMap((d) => allPanels(d).flatMap((p) => p.fieldConfig?.defaults.links ?? []));
    const runbook = links.find((l) => l.title === 'Runbook');
    expect(runbook?.url).toBe(`${base}/\${__data.fields.alertname}.md`);
    for (const name of ALL_ALERT_NAMES) {
      const file = toFile(runbook!.url.replace('${__data.fields.alertname}', name));
      expect([name, existsSync(file)]).toEqual([name, true]);
    }
  });
});

describe('dashboard_url annotations', () => {
  it('every dashboard_url opens a generated dashboard and panel, with variables it defines', () => {
    const prefix = `${spec.dashboardBaseUrl.replace(/\/$/, '')}/`;
    const seen = new Set<string>();
    for (const { file, rule } of alerting) {
      const url = rule.annotations?.dashboard_url ?? '';
      const what = `${file} ${rule.alert ?? rule.title}`;
      expect([what, url.startsWith(prefix)]).toEqual([what, true]);
      const [uid = '', query = ''] = url.slice(prefix.length).split('?');
      const d = byUid.get(uid);
      expect([what, uid, d !== undefined]).toEqual([what, uid, true]);
      const params = new URLSearchParams(query);
      const panelId = Number(params.get('viewPanel'));
      const panel = allPanels(d!).find((p) => p.id === panelId);
      expect([what, panelId, panel !== undefined && panel.type !== 'row']).toEqual([what, panelId, true]);
      const vars = new Set(d!.templating.list.map((v) => v.name));
      for (const key of params.keys()) {
        if (key === 'viewPanel') continue;
        expect([what, key, key.startsWith('var-') && vars.has(key.slice(4))]).toEqual([what, key, true]);
      }
      seen.add(uid);
    }
    // Every dashboard alerts link to is reached by at least one alert.
    expect([...seen].sort()).toEqual([
      'sieve-data-quality',
      'sieve-features',
      'sieve-models',
      'sieve-pipelines',
      'sieve-slos',
    ]);
  });

  it('a burn-rate alert opens its own SLO’s row', () => {
    const d = byUid.get('sieve-slos')!;
    for (const { rule } of alerting.filter(({ rule }) => rule.annotations?.dashboard_url?.includes('/sieve-slos?'))) {
      const params = new URLSearchParams(rule.annotations!.dashboard_url!.split('?')[1]);
      const panel = allPanels(d).find((p) => p.id === Number(params.get('viewPanel')));
      // dashboard_url carries the SLO as {{ $labels.slo }}; the rule's own label says which one it is.
      expect(panel?.title).toMatch(/: burn rate by window$/);
      const slo = (rule as { labels?: Record<string, string> }).labels?.slo;
      expect(panel?.title).toBe(`${slo}: burn rate by window`);
    }
  });
});
