import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { REPO } from '../src/stack/stack.ts';

/** Processes still in a process group, as "pid command" (ps exits 1 when there are none). */
function groupMembers(pgid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim());
  } catch {
    return [];
  }
}

/** `npm start` in a process group of its own, with everything it printed so far. */
function npmStart(): { npm: ChildProcess; pgid: number; output: () => string } {
  const npm = spawn('npm', ['start'], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (chunk: Buffer) => (output += chunk.toString());
  npm.stdout.on('data', onData);
  npm.stderr.on('data', onData);
  return { npm, pgid: npm.pid!, output: () => output };
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function groupGone(pgid: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (groupMembers(pgid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
}

/**
 * `npm start` as a user or a supervisor stops it: SIGTERM to the npm process alone (not Ctrl-C
 * to the whole group) must stop Prometheus, Alertmanager, the Pushgateway and the demo. With a
 * shell between npm and node the signal stopped at the shell and the stack kept running.
 */
describe('npm start', () => {
  it('prints a Prometheus alerts page that answers, and stops the whole stack when npm alone gets SIGTERM', async () => {
    const { npm, pgid, output } = npmStart();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output()}`)), 120_000);
        const check = setInterval(() => {
          if (!output().includes('sieve: running')) return;
          clearTimeout(timer);
          clearInterval(check);
          resolve();
        }, 100);
        npm.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output()}`)));
      });
      // Debian's Prometheus has no React UI: /alerts is a 404 there, /classic/alerts is the page.
      const alerts = /^\s*Prometheus\s+(http\S+)/m.exec(output())?.[1];
      expect(alerts).toMatch(/\/alerts$/);
      expect((await fetch(alerts!)).status).toBe(200);

      expect(groupMembers(pgid).length).toBeGreaterThan(3); // npm, node, and the servers it started
      process.kill(npm.pid!, 'SIGTERM');
      await groupGone(pgid);
      expect(groupMembers(pgid)).toEqual([]);
    } finally {
      if (groupMembers(pgid).length > 0) process.kill(-pgid, 'SIGKILL');
    }
  }, 180_000);

  it('stops what it started and removes its directory when node gets SIGTERM during the startup', async () => {
    const { pgid, output } = npmStart();
    let dir: string | undefined;
    try {
      // Alertmanager is the first server it starts; its config lives in the stack's directory.
      dir = await until(
        () => {
          for (const line of groupMembers(pgid)) {
            const m = /alertmanager .*--config\.file=(\S+)\/alertmanager\.yml/.exec(line);
            if (m) return m[1];
          }
          return undefined;
        },
        `Alertmanager to start:\n${output()}`,
        120_000
      );
      const node = groupMembers(pgid).find((l) => l.includes('bin/start.ts'));
      expect(node).toBeDefined();
      expect(output()).not.toContain('sieve: running'); // still starting up
      expect(existsSync(dir)).toBe(true);
      process.kill(Number(node!.split(' ')[0]), 'SIGTERM');
      await groupGone(pgid);
      expect(groupMembers(pgid)).toEqual([]);
      expect(existsSync(dir)).toBe(false);
      expect(output()).toContain('sieve: stopped before the stack was up');
    } finally {
      if (groupMembers(pgid).length > 0) process.kill(-pgid, 'SIGKILL');
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
