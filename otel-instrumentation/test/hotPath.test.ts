import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * "No allocation per value": young-generation bytes allocated per hot-path call (observe with
 * numbers, null and NaN, categories, latencies, scores, outcomes, costs, rows), measured between
 * two garbage collections. One object per call would be at least 12 bytes; the control, which
 * allocates one, shows the probe sees it. Runs in plain Node, as users do, not in Jest's VM.
 */
it('the hot path allocates no object per call', () => {
  const probe = fileURLToPath(new URL('./support/hotPathProbe.ts', import.meta.url));
  const r = spawnSync(process.execPath, [probe], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '--conditions=sieve-source' },
  });
  expect(r.stderr).toBe('');
  const { hotPath, control } = JSON.parse(r.stdout) as { hotPath: number; control: number };
  expect(control).toBeGreaterThanOrEqual(12);
  expect(hotPath).toBeLessThan(0.5);
});
