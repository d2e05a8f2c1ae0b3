import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@sieve/testkit';
import { LABEL, METRICS } from '../src/index.ts';
import { parseExposition } from './support/exposition.ts';

/** `npm run example` starts, serves the catalog's metrics on real data, and stops on SIGTERM. */
it('the example serves every catalog metric it can produce', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['examples/pipelineAndModel.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_OPTIONS: '--conditions=sieve-source' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    // The example never overflows, and rejects no value: those two counters stay at zero or absent.
    // Its categories (airport codes) and field names hold no PII, so nothing is masked.
    const expected = Object.values(METRICS).filter(
      (m) =>
        m !== METRICS.instrumentationOverflow &&
        m !== METRICS.featureCategoriesMasked &&
        m !== METRICS.datasetFieldsMasked
    );
    const types = await waitFor(
      async () => {
        const { types: t, samples } = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
        const runs = samples.find(
          (s) => s.name === METRICS.pipelineRuns.prometheus.name && s.labels[LABEL.outcome] === 'success'
        );
        return (runs?.value ?? 0) >= 2 && t;
      },
      { timeoutMs: 20_000, what: `the example on :${port}` }
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${output}`);
    });
    for (const def of expected)
      expect([def.prometheus.name, types.get(def.prometheus.name)]).toEqual([def.prometheus.name, def.type]);
    expect(output).toContain(`serving http://127.0.0.1:${port}/metrics`);
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
});
