import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSpec } from '@sieve/rules';
import { dashboardFiles } from '../src/generate.ts';
import { parseOptions } from '../src/options.ts';
import { ALERTING_RULES_FILE, alertingProvisioningFile, IN_REPO_COMMAND } from '../src/provisioning.ts';
import { GENERATED, PROVISIONING, SPEC_PATH, WORKSPACE } from './support/generated.ts';

const STALE = 'the committed output is stale: run `npm run generate` at the root and commit the result';
const spec = parseSpec(readFileSync(SPEC_PATH, 'utf8'), SPEC_PATH);

describe('committed dashboards', () => {
  const files = dashboardFiles(parseOptions(spec));

  it('are exactly what the builders generate from rules/slos.yaml', () => {
    const committed = readdirSync(GENERATED).filter((f) => f.endsWith('.json'));
    expect({ files: committed.sort(), hint: STALE }).toEqual({ files: Object.keys(files).sort(), hint: STALE });
    for (const [name, text] of Object.entries(files)) {
      const same = readFileSync(join(GENERATED, name), 'utf8') === text;
      expect({ file: name, same, hint: STALE }).toEqual({ file: name, same: true, hint: STALE });
    }
  });

  it('provision a copy of the Grafana-managed rules that rules/ generates', () => {
    const committed = readFileSync(join(PROVISIONING, 'alerting', ALERTING_RULES_FILE), 'utf8');
    expect({
      same: committed === alertingProvisioningFile(spec, relative(WORKSPACE, SPEC_PATH), IN_REPO_COMMAND),
      hint: STALE,
    }).toEqual({
      same: true,
      hint: STALE,
    });
  });
});

describe('builders with a team’s own options', () => {
  it('use the team’s datasource uids as the variables’ defaults and offer only its pipelines', () => {
    const files = dashboardFiles(
      parseOptions(spec, { datasources: { prometheus: 'team-prom', sieve: 'team-sieve' }, pipelines: ['etl.daily'] })
    );
    const features = JSON.parse(files['sieve-features.json']!) as {
      templating: { list: Array<{ name: string; current?: { value: unknown }; regex?: string }> };
    };
    const byName = Object.fromEntries(features.templating.list.map((v) => [v.name, v]));
    expect(byName.datasource?.current?.value).toBe('team-prom');
    expect(byName.sieve?.current?.value).toBe('team-sieve');
    expect(byName.pipeline?.regex).toBe('/^(etl\\.daily)$/');
  });

  it('reject an invalid uid, naming the field', () => {
    expect(() => parseOptions(spec, { datasources: { prometheus: 'has space' } })).toThrow(
      'dashboard options: field "datasources.prometheus": expected a Grafana uid (letters, digits, - and _; at most 40)'
    );
  });
});
