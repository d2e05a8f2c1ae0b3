import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { requireBinary } from '@sieve/testkit';
import { RULE_FILES } from '../src/generate.ts';
import { TEST_FILES } from '../src/promtoolTests.ts';
import { ALERTMANAGER_YML, CLI, GENERATED_DIR, RULES_DIR, SPEC, TESTS_DIR } from './support/paths.ts';
import { run } from './support/run.ts';

const HINT = 'the committed output is stale: run `npm run generate -w rules` and commit the result';

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

describe('sieve-rules generate', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sieve-rules-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('regenerates exactly what is committed (rules/generated, rules/tests, rules/alertmanager.yml)', async () => {
    // The same layout as the workspace, so the tests' relative rule_files paths match.
    const out = join(tmp, 'generated');
    const tests = join(tmp, 'tests');
    const am = join(tmp, 'alertmanager.yml');
    const result = await run(process.execPath, [
      CLI,
      'generate',
      '--spec',
      SPEC,
      '--out',
      out,
      '--alertmanager',
      am,
      '--tests',
      tests,
    ]);
    expect(result.code).toBe(0);
    const compare = (fresh: Record<string, string>, committed: Record<string, string>, where: string) => {
      expect({ where, files: Object.keys(committed) }).toEqual({ where, files: Object.keys(fresh) });
      for (const [name, text] of Object.entries(fresh)) {
        if (committed[name] !== text) throw new Error(`${where}/${name} differs from a fresh generation: ${HINT}`);
      }
    };
    compare(files(out), files(GENERATED_DIR), relative(RULES_DIR, GENERATED_DIR));
    compare(files(tests), files(TESTS_DIR), relative(RULES_DIR, TESTS_DIR));
    if (readFileSync(am, 'utf8') !== readFileSync(ALERTMANAGER_YML, 'utf8')) {
      throw new Error(`alertmanager.yml differs from a fresh generation: ${HINT}`);
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
  it('generates lint-clean rules and passing promtool tests for two SLOs of one kind', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sieve-rules-user-'));
    try {
      const spec = join(import.meta.dirname, 'fixtures', 'two-models.slos.yaml');
      const out = join(tmp, 'generated');
      const tests = join(tmp, 'tests');
      expect(
        (await run(process.execPath, [CLI, 'generate', '--spec', spec, '--out', out, '--tests', tests])).code
      ).toBe(0);
      const promtool = requireBinary('promtool');
      const rules = Object.values(RULE_FILES).map((f) => join(out, f));
      const lint = await run(promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...rules]);
      expect(lint.output).not.toMatch(/FAILED|lint error/);
      const unit = await run(promtool, ['test', 'rules', join(tests, TEST_FILES.short)]);
      expect(unit.output).toMatch(/SUCCESS/);
      expect(unit.code).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
