import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROTOCOL_DIR } from '../backend/build/paths.ts';

/**
 * Runs an ES module script in a fresh Node process, for code that patches or hooks the process it
 * runs in (stdoutGuard.ts, the crash guards). `imports` maps a local name to a module in
 * backend/src/protocol/, imported before `body` runs. stderr is parsed as hclog JSON lines.
 */
export function runModuleScript(
  imports: Record<string, string>,
  body: string,
  env: Record<string, string> = {}
): { status: number | null; stdout: string; stderrEntries: Array<Record<string, unknown>> } {
  const preamble = Object.entries(imports)
    .map(
      ([name, file]) => `const ${name} = await import(${JSON.stringify(pathToFileURL(join(PROTOCOL_DIR, file)).href)});`
    )
    .join('\n');
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', `${preamble}\n${body}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 30_000,
  });
  const stderrEntries = result.stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stderr line is not hclog JSON: ${line}\n${result.stderr}`);
      }
    });
  return { status: result.status, stdout: result.stdout, stderrEntries };
}
