import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The real dashboards CLI, as a user runs it: a child process, its output and exit code. */
const DASHBOARDS_DIR = join(import.meta.dirname, '..');
const CLI = join(DASHBOARDS_DIR, 'bin', 'sieve-dashboards.ts');
const SPEC = join(DASHBOARDS_DIR, '..', 'rules', 'slos.yaml');

function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('sieve-dashboards CLI', () => {
  it('--version prints the version in its own package.json, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['generate', '--version']]) {
      const result = await cli(args);
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: `${version}\n` });
    }
  });

  it('--help lists every flag, exit 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--spec FILE', '--out DIR', '--alerting DIR', '--options FILE', '--version'])
      expect(result.stdout).toContain(flag);
  });

  it.each([
    ['no arguments', []],
    ['an unknown flag', ['generate', '--spec', SPEC, '--out', 'x', '--bogus']],
    ['no --out', ['generate', '--spec', SPEC]],
  ])('%s: the synopsis on stderr, exit 2', async (_case, args) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: sieve-dashboards generate --spec FILE --out DIR');
  });

  it('generate writes one JSON file per dashboard, exit 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sieve-dashboards-cli-'));
    try {
      const result = await cli(['generate', '--spec', SPEC, '--out', out]);
      expect(result.code).toBe(0);
      const written = readdirSync(out);
      expect(written.length).toBeGreaterThan(0);
      for (const file of written)
        expect(`${(JSON.parse(readFileSync(join(out, file), 'utf8')) as { uid: string }).uid}.json`).toBe(file);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
