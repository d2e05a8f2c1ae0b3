import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from '@sieve/testkit';
import { generateRules, ruleFiles } from '../src/generate.ts';
import type { Rule, RuleGroup } from '../src/ruleTypes.ts';
import { parseSpec } from '../src/spec.ts';
import { SPEC } from './support/paths.ts';
import { run } from './support/run.ts';

const LIVE_SPEC = join(import.meta.dirname, 'fixtures', 'live.slos.yaml');
const specs = [SPEC, LIVE_SPEC].map(
  (path) => [path.split('/').pop() as string, parseSpec(readFileSync(path, 'utf8'))] as const
);

const shape = (groups: readonly RuleGroup[]) =>
  groups.map((g) => ({
    name: g.name,
    rules: g.rules.map((r: Rule) => ('alert' in r ? [r.alert, r.labels] : [r.record, r.labels])),
  }));

describe('time-compressed rules (--time-scale)', () => {
  it.each(specs)('%s: same groups, names and labels as production, only durations differ', (_, spec) => {
    const production = generateRules(spec);
    const compressed = generateRules(spec, 1 / 60);
    for (const key of ['sliRecordings', 'sloAlerts', 'directAlerts'] as const) {
      expect(shape(compressed[key])).toEqual(shape(production[key]));
    }
    const exprs = (g: readonly RuleGroup[]) => g.flatMap((x) => x.rules.map((r) => r.expr)).join('\n');
    expect(exprs(compressed.sliRecordings)).toContain('[5s]');
    expect(exprs(production.sliRecordings)).not.toContain('[5s]');
  });

  it.each(specs)('%s at 1/60 passes promtool check rules --lint=all', async (name, spec) => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-rules-scaled-'));
    try {
      const paths = Object.entries(ruleFiles(spec, name, 1 / 60)).map(([file, text]) => {
        writeFileSync(join(dir, file), text);
        return join(dir, file);
      });
      const result = await run(requireBinary('promtool'), ['check', 'rules', '--lint=all', '--lint-fatal', ...paths]);
      expect(result.output).not.toMatch(/FAILED|lint error/);
      expect(result.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
