import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, RULES_DIR, SPEC } from './support/paths.ts';
import { run } from './support/run.ts';

/**
 * How the real CLI (a child process, as a user runs it) answers a wrong command line: one line
 * naming the flag or file, the synopsis, exit 2; an invalid spec exits 1; never a stack trace.
 */
const SYNOPSIS = 'usage: sieve-rules generate --spec FILE --out DIR [--tests DIR] [--time-scale F]';

describe('sieve-rules usage errors', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sieve-rules-cli-'));
    writeFileSync(join(tmp, 'a-file'), '');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const ok = ['--spec', SPEC, '--out', 'out'];
  it.each([
    ['no arguments', [], 'missing the command (generate)'],
    ['an unknown command', ['gen', ...ok], 'unknown command "gen" (commands: generate)'],
    ['an unknown flag', ['generate', ...ok, '--bogus'], 'unknown flag --bogus'],
    ['an unknown flag with a value', ['generate', ...ok, '--outdir=x'], 'unknown flag --outdir'],
    ['an unknown short flag', ['generate', '-s', SPEC], 'unknown flag -s'],
    ['a value given to --version', ['--version=2'], '--version takes no value'],
    ['a flag without its value at the end', ['generate', ...ok, '--tests'], '--tests needs a value (--tests DIR)'],
    [
      'a flag followed by another flag',
      ['generate', '--spec', SPEC, '--out', '--tests', 't'],
      '--out needs a value (--out DIR)',
    ],
    ['an empty value', ['generate', '--spec=', '--out', 'out'], '--spec needs a value (--spec FILE)'],
    ['a repeated flag', ['generate', ...ok, '--spec', SPEC], '--spec is given twice'],
    ['a stray argument', ['generate', 'now', ...ok], 'unexpected argument "now"'],
    ['no --spec', ['generate', '--out', 'out'], 'missing --spec FILE (the SLO spec)'],
    ['no --out', ['generate', '--spec', SPEC], 'missing --out DIR (where the rules are written)'],
    ['a bad time scale', ['generate', ...ok, '--time-scale', '2'], '--time-scale must be a number in (0, 1], got 2'],
    [
      'a missing spec file',
      ['generate', '--spec', 'nope.yaml', '--out', 'out'],
      'cannot read --spec nope.yaml: no such file or directory',
    ],
    [
      'a folder as the spec',
      ['generate', '--spec', '.', '--out', 'out'],
      'cannot read --spec .: is a directory, not a file',
    ],
    [
      'an --out under a file',
      ['generate', '--spec', SPEC, '--out', 'a-file/out'],
      'cannot write a-file/out/prometheus/sli-recordings.yml (--out a-file/out): a parent is a file, not a directory',
    ],
    [
      'a --tests under a file',
      ['generate', ...ok, '--tests', 'a-file/t'],
      'cannot write a-file/t/rules.test.yml (--tests a-file/t): a parent is a file, not a directory',
    ],
  ])('%s: one line naming it, the synopsis, exit 2', async (_, args, problem) => {
    const result = await run(process.execPath, [CLI, ...args], tmp);
    expect({ code: result.code, stdout: result.stdout, lines: result.output.split('\n').slice(0, 3) }).toEqual({
      code: 2,
      stdout: '',
      // The hint names no command: run through npx, `sieve-rules` is not on the user's PATH.
      lines: [`sieve-rules: ${problem}`, SYNOPSIS, '(run with --help for each flag)'],
    });
    expect(result.output).not.toMatch(/\n\s+at |node:internal|Error:/);
    // No file half written: every output folder is made before any file is written.
    expect(
      readdirSync(tmp, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    ).toEqual(['a-file']);
    rmSync(join(tmp, 'out'), { recursive: true, force: true });
  });

  it('--help prints every flag and the exit codes on stdout, exit 0', async () => {
    const result = await run(process.execPath, [CLI, '--help'], tmp);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(SYNOPSIS);
    for (const flag of [
      '--spec FILE',
      '--out DIR',
      '--tests DIR',
      '--time-scale F',
      'exit codes: 0 written, 1 the spec is invalid, 2',
    ])
      expect(result.stdout).toContain(flag);
  });

  it('--version prints the version in the package.json, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(join(RULES_DIR, 'package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['generate', '--version']]) {
      const result = await run(process.execPath, [CLI, ...args], tmp);
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: `${version}\n` });
    }
  });

  it('an unparseable or invalid spec exits 1 naming the file and the fields, not usage', async () => {
    const yaml = join(tmp, 'broken.yaml');
    writeFileSync(yaml, 'version: sieve/v1\nslos: [\n');
    const broken = await run(process.execPath, [CLI, 'generate', '--spec', yaml, '--out', join(tmp, 'o')]);
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(new RegExp(`^invalid SLO spec ${yaml}:\n  - not valid YAML: `));
    const wrong = join(tmp, 'wrong.yaml');
    writeFileSync(wrong, 'version: sieve/v2\n');
    const invalid = await run(process.execPath, [CLI, 'generate', '--spec', wrong, '--out', join(tmp, 'o')]);
    expect(invalid.code).toBe(1);
    expect(invalid.output).toContain(
      '  - version: must be "sieve/v1", got "sieve/v2"\n  - service: required (a string)\n'
    );
    expect(invalid.output).not.toContain(SYNOPSIS);
    expect(invalid.output).not.toMatch(/\n\s+at /);
    rmSync(yaml);
    rmSync(wrong);
  });
});
