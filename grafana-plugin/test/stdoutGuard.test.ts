import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROTOCOL_DIR } from '../backend/build/paths.ts';

/**
 * go-plugin takes the first stdout line as the handshake (protocol doc §2.1, risk 2), so once
 * stdoutGuard.ts is loaded, console output and stray stdout writes must land on stderr as hclog
 * lines. Checked in a fresh Node process, since the guard patches the process it runs in.
 */
const HANDSHAKE = '1|2|tcp|127.0.0.1:1|grpc\n';

function runWithGuard(body: string): { stdout: string; stderrEntries: Array<Record<string, unknown>> } {
  const guard = pathToFileURL(join(PROTOCOL_DIR, 'stdoutGuard.ts')).href;
  const script = `const { writeHandshake } = await import(${JSON.stringify(guard)});\n${body}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`guarded script failed (${result.status}): ${result.stderr}`);
  const stderrEntries = result.stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stdout: result.stdout, stderrEntries };
}

describe('stdoutGuard', () => {
  it('sends console output and stdout writes made before the handshake to stderr as hclog lines', () => {
    const { stdout, stderrEntries } = runWithGuard(`
      console.log('banner from %s', 'a library');
      console.warn('careful');
      process.stdout.write('raw write\\n');
      await writeHandshake(${JSON.stringify(HANDSHAKE)});
      console.log('after');
    `);
    expect(stdout).toBe(HANDSHAKE);
    expect(stderrEntries).toEqual([
      { '@level': 'info', '@message': 'banner from a library' },
      { '@level': 'warn', '@message': 'careful' },
      { '@level': 'info', '@message': 'raw write', stream: 'stdout' },
      { '@level': 'info', '@message': 'after' },
    ]);
  });
});
