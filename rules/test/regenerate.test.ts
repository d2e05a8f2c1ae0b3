import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { requireBinary } from '@sieve/testkit';
import { OUTPUT_DIRS, RULE_FILES } from '../src/generate.ts';
import { CLI, GENERATED_DIR, RULES_DIR, SPEC, TESTS_DIR } from './support/paths.ts';
import { run } from './support/run.ts';

const HINT = 'the committed output is stale: run `npm run generate -w rules` and commit the result';

/** Every file under `dir`, keyed by its path relative to `dir`. */
function files(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, files(path, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(path, 'utf8');
  }
  return out;
}

describe('sieve-rules generate', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sieve-rules-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('regenerates exactly what is committed (rules/generated, rules/tests)', async () => {
    // The same layout as the workspace, so the tests' relative rule_files paths match.
    const out = join(tmp, 'generated');
    const tests = join(tmp, 'tests');
    const result = await run(process.execPath, [CLI, 'generate', '--spec', SPEC, '--out', out, '--tests', tests]);
    expect(result.code).toBe(0);
    const compare = (fresh: Record<string, string>, committed: Record<string, string>, where: string) => {
      expect({ where, files: Object.keys(committed) }).toEqual({ where, files: Object.keys(fresh) });
      for (const [name, text] of Object.entries(fresh)) {
        if (committed[name] !== text) throw new Error(`${where}/${name} differs from a fresh generation: ${HINT}`);
      }
    };
    compare(files(out), files(GENERATED_DIR), relative(RULES_DIR, GENERATED_DIR));
    compare(files(tests), files(TESTS_DIR), relative(RULES_DIR, TESTS_DIR));
  });

  it('writes Prometheus rules alone in prometheus/, with a header naming the spec and the command', async () => {
    const out = join(tmp, 'layout');
    expect(
      (await run(process.execPath, [CLI, 'generate', '--spec', SPEC, '--out', out, '--time-scale', '0.5'])).code
    ).toBe(0);
    expect(readdirSync(out).sort()).toEqual(Object.values(OUTPUT_DIRS).sort());
    expect(readdirSync(join(out, OUTPUT_DIRS.prometheus)).sort()).toEqual(Object.values(RULE_FILES).sort());
    for (const [name, text] of Object.entries(files(out))) {
      expect({ name, head: text.split('\n')[0] }).toEqual({
        name,
        head: '# Code generated from slos.yaml by `sieve-rules generate --spec slos.yaml --time-scale 0.5`. DO NOT EDIT:',
      });
    }
  });

  it('exits non-zero and names the field for an invalid spec', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'version: sieve/v1\nservice: s\nrunbookBaseUrl: nope\ndashboardBaseUrl: https://g/d\n');
    const result = await run(process.execPath, [CLI, 'generate', '--spec', bad, '--out', join(tmp, 'x')]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/runbookBaseUrl: /);
  });

  it('prints usage and exits 2 without a command', async () => {
    const result = await run(process.execPath, [CLI]);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/usage: sieve-rules generate/);
  });
});

describe('sieve-rules on a user spec', () => {
  it.each([['1'], [String(1 / 60)]])(
    'generates lint-clean rules and passing promtool tests for two SLOs of one kind at time scale %s',
    async (scale) => {
      const tmp = mkdtempSync(join(tmpdir(), 'sieve-rules-user-'));
      try {
        const spec = join(import.meta.dirname, 'fixtures', 'two-models.slos.yaml');
        const out = join(tmp, 'generated');
        const tests = join(tmp, 'tests');
        const args = [CLI, 'generate', '--spec', spec, '--out', out, '--tests', tests, '--time-scale', scale];
        expect((await run(process.execPath, args)).code).toBe(0);
        const promtool = requireBinary('promtool');
        const rules = Object.values(RULE_FILES).map((f) => join(out, OUTPUT_DIRS.prometheus, f));
        const lint = await run(promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...rules]);
        expect(lint.output).not.toMatch(/FAILED|lint error/);
        // The extra selector label stays in the SLI's grouping: prod is its own SLI, not summed.
        expect(readFileSync(rules[0] as string, 'utf8')).toContain('sum by (model, env) (rate(');
        for (const file of readdirSync(tests)) {
          const unit = await run(promtool, ['test', 'rules', join(tests, file)]);
          expect(unit.output).toMatch(/SUCCESS/);
          expect(unit.code).toBe(0);
        }
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  );
});
