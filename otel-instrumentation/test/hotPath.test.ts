import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * "No allocation per value", checked the way it matters: 9 million hot-path calls (observe,
 * observeMany, latencies, scores, outcomes, costs, rows) trigger at most one garbage collection
 * (an incidental one, e.g. from JIT tiering), where one small object per call triggers many.
 * Runs in plain Node, as users do.
 */
it('the hot path allocates nothing per call', () => {
  const probe = fileURLToPath(new URL('./support/hotPathProbe.ts', import.meta.url));
  const r = spawnSync(process.execPath, [probe], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(r.stderr).toBe('');
  const { hotPath, control } = JSON.parse(r.stdout) as { hotPath: number; control: number };
  expect(control).toBeGreaterThanOrEqual(5);
  expect(hotPath).toBeLessThanOrEqual(1);
});
