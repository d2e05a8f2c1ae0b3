import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { GRAFANA_ALERTS } from '../src/alertNames.ts';
import { GRAFANA_UID, grafanaAlertRules, grafanaRuleUid, SIEVE_DATASOURCE } from '../src/grafanaAlertRules.ts';
import { parseSpec } from '../src/spec.ts';
import { RULE_LABEL } from '../src/ruleLabels.ts';
// The datasource's own query parser: the generated query models must be ones it accepts. (A deep
// import across workspaces, for this contract test only; the rules never import the plugin.)
import { parseQuery } from '../../grafana-plugin/backend/src/datasource/querySchema.ts';
import { GRAFANA_RULES } from './support/paths.ts';

interface DataItem {
  refId: string;
  datasourceUid: string;
  relativeTimeRange?: { from: number; to: number };
  model: Record<string, unknown>;
}
interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  data: DataItem[];
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface Provisioning {
  apiVersion: number;
  groups: Array<{ orgId: number; name: string; folder: string; interval: string; rules: GrafanaRule[] }>;
}

const file = parse(readFileSync(GRAFANA_RULES, 'utf8')) as Provisioning;
const rules = file.groups.flatMap((g) => g.rules);

describe('Grafana-managed drift alert rules (file provisioning)', () => {
  it('is provisioning apiVersion 1 with one rule per pipeline with features, in its own folder', () => {
    expect(file.apiVersion).toBe(1);
    expect(rules.length).toBeGreaterThan(0);
    const folders = file.groups.map((g) => g.folder);
    expect(new Set(folders).size).toBe(folders.length);
    for (const g of file.groups) expect(g).toMatchObject({ orgId: 1, interval: expect.stringMatching(/^\d+[smh]$/) });
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
    for (const r of rules) expect(r.uid.length).toBeLessThanOrEqual(40);
  });

  it.each(rules.map((r) => [r.uid, r] as const))(
    '%s queries the Sieve datasource with a model it accepts',
    (_, rule) => {
      expect(rule.title).toBe(GRAFANA_ALERTS.windowedDrift);
      const [query, reduce, threshold] = rule.data;
      expect(query).toMatchObject({ refId: 'A', datasourceUid: SIEVE_DATASOURCE.uid });
      expect(query?.model).toMatchObject({ queryType: 'drift', measure: 'psi', datasource: SIEVE_DATASOURCE });
      const parsed = parseQuery('drift', JSON.stringify(query?.model));
      expect(parsed).toMatchObject({ queryType: 'drift', measure: 'psi', baseline: { type: 'offset' } });
      // A → reduce(B) → threshold(C), and C is the condition.
      expect(reduce).toMatchObject({ datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A' } });
      expect(threshold).toMatchObject({ datasourceUid: '__expr__', model: { type: 'threshold', expression: 'B' } });
      expect(rule.condition).toBe('C');
      expect(rule.labels[RULE_LABEL.severity]).toMatch(
        /^\{\{ if gt \$values\.B\.Value [\d.]+ \}\}critical\{\{ else \}\}warning\{\{ end \}\}$/
      );
      expect(Object.keys(rule.annotations).sort()).toEqual(['dashboard_url', 'description', 'runbook_url', 'summary']);
    }
  );
});

describe('Grafana rule UIDs', () => {
  it('are valid and distinct for colliding, long and odd pipeline names', () => {
    const names = [
      'customer-transactions-stream',
      'customer-transactions-batch',
      'payments.etl v2',
      'payments-etl-v2',
      'payments_etl_v2',
      'ünïcode pipeline ✓',
      'x'.repeat(200),
      'x'.repeat(201),
    ];
    const pipelines = names
      .map(
        // Each pipeline its own feature: a feature name may be listed under one pipeline only.
        (n, i) =>
          `  - name: ${JSON.stringify(n)}\n    notRunningAfter: 1h\n    failingFor: 1h\n` +
          `    features: {names: [f${i}], maxAge: 1m, psi: {moderate: 0.1, significant: 0.25, ticketFor: 1h, pageFor: 15m}}\n`
      )
      .join('');
    const spec = parseSpec(
      `version: sieve/v1\nservice: s\nrunbookBaseUrl: https://r.example/rb\ndashboardBaseUrl: https://g.example/d\npipelines:\n${pipelines}`
    );
    const generated = grafanaAlertRules(spec) as { groups: Array<{ rules: Array<{ uid: string }> }> };
    const uids = generated.groups.flatMap((g) => g.rules.map((r) => r.uid));
    expect(uids).toHaveLength(names.length);
    for (const uid of uids) expect(uid).toMatch(GRAFANA_UID);
    expect(new Set(uids).size).toBe(uids.length);
    // A name that already is a valid UID stays readable as it is.
    expect(grafanaRuleUid('sieve-window-drift-a')).toBe('sieve-window-drift-a');
    expect(grafanaRuleUid('sieve-window-drift-customer-transactions-stream')).toMatch(
      /^sieve-window-drift-customer-t-[0-9a-f]{10}$/
    );
  });
});
