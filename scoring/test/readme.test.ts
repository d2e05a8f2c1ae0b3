import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Every TypeScript block in the README is one of examples/*.ts verbatim, so `npm run typecheck`
 * checks it and this test runs it: a block cannot mention a variable it never defines.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}/README.md`, 'utf8');
const blocks = [...readme.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
const examples = readdirSync(`${root}/examples`)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => [f, readFileSync(`${root}/examples/${f}`, 'utf8')] as const);

describe('README code blocks', () => {
  it('are all examples/*.ts verbatim, and every example is shown', () => {
    expect(blocks.length).toBeGreaterThan(0);
    const shown = new Set(examples.filter(([, code]) => blocks.includes(code)).map(([f]) => f));
    for (const block of blocks) expect(examples.map(([, code]) => code)).toContain(block);
    expect([...shown]).toEqual(examples.map(([f]) => f));
  });

  it.each(examples.map(([f]) => f))('examples/%s runs as written', (file) => {
    const run = spawnSync(process.execPath, [`examples/${file}`], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '--conditions=sieve-source' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout.length).toBeGreaterThan(0);
  });
});
