import { GRAFANA_LAUNCH_ENV } from '../backend/src/protocol/handshake.ts';
import { runModuleScript } from './moduleScript.ts';

/**
 * A crash makes Grafana restart the plugin and fails in-flight alert evaluations (protocol doc
 * §10.7, risk 11), so servePlugin logs stray exceptions and rejections and keeps serving. Checked
 * in a fresh Node process: the guards are process-wide handlers.
 */
describe('servePlugin crash guards', () => {
  it('logs an unhandled rejection and an uncaught exception as errors and keeps running', () => {
    const { status, stdout, stderrEntries } = runModuleScript(
      { guard: 'stdoutGuard.ts', plugin: 'pluginProcess.ts' },
      `
      const unused = () => { throw new Error('not called'); };
      await plugin.servePlugin(() => ({ queryData: unused, checkHealth: unused, callResource: unused }));
      void Promise.reject(new Error('stray rejection'));
      setTimeout(() => { throw new Error('stray exception'); }, 0);
      setTimeout(() => { console.info('still running'); process.exit(0); }, 200);
    `,
      GRAFANA_LAUNCH_ENV
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/^1\|2\|unix\|\/[^|]+\/plugin\.sock\|grpc\n$/);
    const errors = stderrEntries.filter((e) => e['@level'] === 'error');
    expect(errors.map((e) => [e['@message'], (e.error as { message?: string } | undefined)?.message])).toEqual([
      ['unhandled promise rejection', 'stray rejection'],
      ['uncaught exception', 'stray exception'],
    ]);
    expect(stderrEntries.at(-1)).toEqual({
      '@level': 'info',
      '@message': 'still running',
      '@timestamp': expect.stringMatching(/\.\d{6}Z$/),
    });
  });
});
