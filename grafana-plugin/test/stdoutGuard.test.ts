import { runModuleScript } from './moduleScript.ts';

/**
 * go-plugin takes the first stdout line as the handshake (protocol doc §2.1, risk 2), so once
 * stdoutGuard.ts is loaded, console output and stray stdout writes must land on stderr as hclog
 * lines. Checked in a fresh Node process, since the guard patches the process it runs in.
 */
const HANDSHAKE = '1|2|tcp|127.0.0.1:1|grpc\n';

describe('stdoutGuard', () => {
  it('sends console output and stdout writes made before the handshake to stderr as hclog lines', () => {
    const { status, stdout, stderrEntries } = runModuleScript(
      { guard: 'stdoutGuard.ts' },
      `
      console.log('banner from %s', 'a library');
      console.warn('careful');
      process.stdout.write('raw write\\n');
      await guard.writeHandshake(${JSON.stringify(HANDSHAKE)});
      console.log('after');
    `
    );
    expect(status).toBe(0);
    expect(stdout).toBe(HANDSHAKE);
    const STAMP = expect.stringMatching(/^\d{4}-.*\.\d{6}Z$/);
    expect(stderrEntries).toEqual([
      { '@level': 'info', '@message': 'banner from a library', '@timestamp': STAMP },
      { '@level': 'warn', '@message': 'careful', '@timestamp': STAMP },
      { '@level': 'info', '@message': 'raw write', stream: 'stdout', '@timestamp': STAMP },
      { '@level': 'info', '@message': 'after', '@timestamp': STAMP },
    ]);
  });
});
