import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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
    // As `npm run generate -w rules` runs it (from rules/, under npm), so the headers name that command.
    const npm = { npm_package_name: '@sieve/rules', npm_lifecycle_event: 'generate' };
    const args = [CLI, 'generate', '--spec', relative(RULES_DIR, SPEC), '--out', out, '--tests', tests];
    const result = await run(process.execPath, args, RULES_DIR, npm);
    expect(result.code).toBe(0);
    expect(readFileSync(join(out, OUTPUT_DIRS.prometheus, RULE_FILES.sloAlerts), 'utf8')).toMatch(
      /^# Code generated from slos\.yaml by `npm run generate -w rules`\. DO NOT EDIT:\n/
    );
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
    // A user's layout: the spec in a subfolder, an output path that needs quoting, paths relative to the cwd.
    mkdirSync(join(tmp, 'spec'));
    copyFileSync(SPEC, join(tmp, 'spec', 'my.yaml'));
    const args = [
      'generate',
      '--spec',
      'spec/my.yaml',
      '--out',
      'out 1',
      '--tests',
      'out 1/tests',
      '--time-scale',
      '0.5',
    ];
    expect((await run(process.execPath, [CLI, ...args], tmp)).code).toBe(0);
    const out = join(tmp, 'out 1');
    expect(readdirSync(out).sort()).toEqual([...Object.values(OUTPUT_DIRS), 'tests'].sort());
    expect(readdirSync(join(out, OUTPUT_DIRS.prometheus)).sort()).toEqual(Object.values(RULE_FILES).sort());
    const command =
      "npx --offline --no-install @sieve/rules generate --spec spec/my.yaml --out 'out 1' --tests 'out 1/tests' --time-scale 0.5";
    for (const [name, text] of Object.entries(files(out))) {
      expect({ name, head: text.split('\n').slice(0, 2) }).toEqual({
        name,
        head: [
          `# Code generated from spec/my.yaml by \`${command}\`. DO NOT EDIT:`,
          '# change spec/my.yaml and run the command again.',
        ],
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
});

describe('sieve-rules on a user spec', () => {
  const fixtures = ['two-models.slos.yaml', 'daily.slos.yaml'];
  it.each(
    fixtures.flatMap((f) => [
      [f, '1'],
      [f, String(1 / 60)],
    ])
  )('generates lint-clean rules and passing promtool tests for %s at time scale %s', async (fixture, scale) => {
    const tmp = mkdtempSync(join(tmpdir(), 'sieve-rules-user-'));
    try {
      const spec = join(import.meta.dirname, 'fixtures', fixture);
      const out = join(tmp, 'generated');
      const tests = join(tmp, 'tests');
      const args = [CLI, 'generate', '--spec', spec, '--out', out, '--tests', tests, '--time-scale', scale];
      expect((await run(process.execPath, args)).code).toBe(0);
      const promtool = requireBinary('promtool');
      const rules = Object.values(RULE_FILES).map((f) => join(out, OUTPUT_DIRS.prometheus, f));
      const lint = await run(promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...rules]);
      expect(lint.output).not.toMatch(/FAILED|lint error/);
      // The extra selector label stays in the SLI's grouping: prod is its own SLI, not summed.
      if (fixture.startsWith('two-models'))
        expect(readFileSync(rules[0] as string, 'utf8')).toContain('sum by (model, env) (rate(');
      for (const file of readdirSync(tests)) {
        const unit = await run(promtool, ['test', 'rules', join(tests, file)]);
        expect(unit.output).toMatch(/SUCCESS/);
        expect(unit.code).toBe(0);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('percent-encodes names with a space or & in every dashboard_url, as promtool expands them', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sieve-rules-odd-'));
    try {
      const spec = join(import.meta.dirname, 'fixtures', 'odd-names.slos.yaml');
      const out = join(tmp, 'generated');
      const tests = join(tmp, 'tests');
      expect(
        (await run(process.execPath, [CLI, 'generate', '--spec', spec, '--out', out, '--tests', tests])).code
      ).toBe(0);
      const direct = readFileSync(join(out, OUTPUT_DIRS.prometheus, RULE_FILES.directAlerts), 'utf8');
      expect(direct).toContain('var-pipeline={{ $labels.pipeline | urlquery }}&viewPanel=');
      expect(direct).toContain('var-feature={{ $labels.feature | urlquery }}&viewPanel=');
      expect(direct).not.toMatch(/var-[a-z]+=\{\{ \$labels\.[a-z]+ \}\}/);
      // The generated tests expect the expanded URL; promtool checks Prometheus expands it the same way.
      const unit = readFileSync(join(tests, 'rules.test.yml'), 'utf8');
      expect(unit).toContain('/sieve-pipelines?var-pipeline=payments+etl+%26+co&viewPanel=');
      expect(unit).toContain('var-feature=amount+%28eur%29&viewPanel=');
      expect(unit).toContain('/sieve-models?var-model=fraud+%26+co&viewPanel=');
      const promtool = requireBinary('promtool');
      for (const file of readdirSync(tests)) {
        const result = await run(promtool, ['test', 'rules', join(tests, file)]);
        expect(result.output).toMatch(/SUCCESS/);
        expect(result.code).toBe(0);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('refuses template text and a feature under two pipelines, writing nothing', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sieve-rules-refused-'));
    try {
      const head =
        'version: sieve/v1\nservice: s\nrunbookBaseUrl: https://r.example\ndashboardBaseUrl: https://g.example/d\npipelines:\n';
      const pipeline = (name: string) =>
        `  - {name: '${name}', notRunningAfter: 1h, failingFor: 1h, features: {names: [amount], maxAge: 1m, psi: {moderate: 0.1, significant: 0.2, ticketFor: 1h, pageFor: 5m}}}\n`;
      const spec = join(tmp, 'spec.yaml');
      writeFileSync(spec, head + pipeline('payments {{ $value }}') + pipeline('refunds'));
      const out = join(tmp, 'out');
      const result = await run(process.execPath, [
        CLI,
        'generate',
        '--spec',
        spec,
        '--out',
        out,
        '--tests',
        join(out, 't'),
      ]);
      expect(result.code).toBe(1);
      expect(result.output).toContain('pipelines["payments {{ $value }}"].name: `{{` and `}}` are not allowed');
      expect(result.output).toContain(
        'pipelines["refunds"].features.names[0]: "amount" is also listed under pipeline "payments {{ $value }}"'
      );
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
