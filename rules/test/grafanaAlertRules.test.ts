import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GRAFANA_ALERTS } from '../src/alertNames.ts';
import { SIEVE_DATASOURCE } from '../src/grafanaAlertRules.ts';
import { RULE_LABEL } from '../src/ruleLabels.ts';
// The datasource's own query parser: the generated query models must be ones it accepts. (A deep
// import across workspaces, for this contract test only; the rules never import the plugin.)
import { parseQuery } from '../../grafana-plugin/backend/src/datasource/querySchema.ts';
import { GENERATED_DIR } from './support/paths.ts';

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

const file = parse(readFileSync(join(GENERATED_DIR, 'grafana-alert-rules.yml'), 'utf8')) as Provisioning;
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
