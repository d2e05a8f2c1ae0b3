import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GROUP_BY, SIEVE_DATASOURCE } from '@sieve/rules';
import { DEFAULT_UIDS } from '../src/datasources.ts';
import { ALERTING_RULES_FILE } from '../src/provisioning.ts';
import { PROVISIONING, REPO } from './support/generated.ts';

/**
 * Grafana's file provisioning, checked for what Grafana requires of each file (docs:
 * administration/provisioning, alerting file provisioning) and for Sieve's own rules: apiVersion 1
 * everywhere, uids the dashboards and rules use, and no secret written as a literal.
 */

type Doc = Record<string, unknown> & { apiVersion?: unknown };
const read = (dir: string): Array<[string, Doc]> =>
  readdirSync(join(PROVISIONING, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => [`${dir}/${f}`, parseYaml(readFileSync(join(PROVISIONING, dir, f), 'utf8')) as Doc]);

const docs = { datasources: read('datasources'), dashboards: read('dashboards'), alerting: read('alerting') };
const all = [...docs.datasources, ...docs.dashboards, ...docs.alerting];
const pluginId = (
  JSON.parse(readFileSync(join(REPO, 'grafana-plugin', 'src', 'plugin.json'), 'utf8')) as { id: string }
).id;

interface Datasource {
  name: string;
  uid: string;
  type: string;
  access: string;
  url: string;
  isDefault?: boolean;
  jsonData?: Record<string, unknown>;
}

describe('provisioning files', () => {
  it('exist for datasources, dashboards and alerting, and every one is apiVersion 1', () => {
    expect(docs.datasources.length).toBeGreaterThan(0);
    expect(docs.dashboards.length).toBeGreaterThan(0);
    expect(docs.alerting.map(([f]) => f)).toEqual(
      expect.arrayContaining([`alerting/${ALERTING_RULES_FILE}`, 'alerting/sieve-routing.yaml'])
    );
    for (const [file, doc] of all) expect([file, doc.apiVersion]).toEqual([file, 1]);
  });

  it('provision Prometheus (default), the Sieve datasource on Prometheus, and Alertmanager, by uid', () => {
    const list = docs.datasources.flatMap(([, d]) => (d.datasources ?? []) as Datasource[]);
    for (const ds of list) {
      for (const field of ['name', 'uid', 'type', 'access', 'url'] as const)
        expect([ds.name, field, typeof ds[field]]).toEqual([ds.name, field, 'string']);
    }
    const byUid = Object.fromEntries(list.map((d) => [d.uid, d]));
    expect(byUid[DEFAULT_UIDS.prometheus]).toMatchObject({ type: 'prometheus', isDefault: true });
    expect(byUid[SIEVE_DATASOURCE.uid]).toMatchObject({ type: pluginId, url: byUid[DEFAULT_UIDS.prometheus]?.url });
    expect(SIEVE_DATASOURCE.type).toBe(pluginId);
    expect(byUid[DEFAULT_UIDS.alertmanager]).toMatchObject({
      type: 'alertmanager',
      jsonData: { implementation: 'prometheus' },
    });
    expect(list.filter((d) => d.isDefault).map((d) => d.uid)).toEqual([DEFAULT_UIDS.prometheus]);
    expect(new Set(list.map((d) => d.uid)).size).toBe(list.length);
  });

  it('load the generated dashboards into the Sieve folder with a file provider', () => {
    const providers = docs.dashboards.flatMap(([, d]) => (d.providers ?? []) as Array<Record<string, unknown>>);
    expect(providers).toEqual([
      expect.objectContaining({
        name: expect.any(String),
        type: 'file',
        folder: 'Sieve',
        allowUiUpdates: false,
        options: expect.objectContaining({ path: expect.stringMatching(/^\//) }),
      }),
    ]);
  });

  it('route Grafana-managed alerts to Alertmanager through a contact point and a policy, grouped like Alertmanager', () => {
    const routing = Object.fromEntries(docs.alerting)['alerting/sieve-routing.yaml'] as {
      contactPoints: Array<{
        orgId: number;
        name: string;
        receivers: Array<{ uid: string; type: string; settings: { url: string } }>;
      }>;
      policies: Array<{ orgId: number; receiver: string; group_by: string[] }>;
    };
    const [contact] = routing.contactPoints;
    expect(contact?.receivers).toEqual([
      expect.objectContaining({
        type: 'prometheus-alertmanager',
        uid: expect.any(String),
        settings: expect.objectContaining({ url: expect.any(String) }),
      }),
    ]);
    expect(routing.policies).toEqual([
      expect.objectContaining({ orgId: 1, receiver: contact?.name, group_by: [...GROUP_BY] }),
    ]);
  });

  it('provision the Grafana-managed rules with the fields Grafana requires', () => {
    const rules = Object.fromEntries(docs.alerting)[`alerting/${ALERTING_RULES_FILE}`] as {
      groups: Array<{
        orgId: number;
        name: string;
        folder: string;
        interval: string;
        rules: Array<Record<string, unknown>>;
      }>;
    };
    expect(rules.groups.length).toBeGreaterThan(0);
    for (const g of rules.groups) {
      expect(g).toMatchObject({
        orgId: 1,
        name: expect.any(String),
        folder: expect.any(String),
        interval: expect.any(String),
      });
      for (const r of g.rules) {
        expect(r).toMatchObject({
          uid: expect.any(String),
          title: expect.any(String),
          condition: expect.any(String),
          data: expect.any(Array),
        });
        const refIds = (r.data as Array<{ refId: string }>).map((q) => q.refId);
        expect(refIds).toContain(r.condition);
      }
    }
  });

  it('hold no secret literal: every password, token or secret value is an environment variable', () => {
    const secrets: Array<[string, string, unknown]> = [];
    const walk = (file: string, value: unknown, key = ''): void => {
      if (Array.isArray(value)) value.forEach((v) => walk(file, v, key));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(file, v, k);
      else if (/password|token|secret|apikey/i.test(key)) secrets.push([file, key, value]);
    };
    for (const [file, doc] of all) walk(file, doc);
    expect(secrets.length).toBeGreaterThan(0);
    for (const [file, key, value] of secrets)
      expect([file, key, value]).toEqual([file, key, expect.stringMatching(/^\$\{?[A-Z_][A-Z0-9_]*\}?$/)]);
  });
});
