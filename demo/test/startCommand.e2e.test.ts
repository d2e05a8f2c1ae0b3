import { execFileSync, spawn } from 'node:child_process';
import { REPO } from '../src/stack/stack.ts';

/** Processes still in a process group, as "pid command" (ps exits 1 when there are none). */
function groupMembers(pgid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim().slice(0, 160));
  } catch {
    return [];
  }
}

/**
 * `npm start` as a user or a supervisor stops it: SIGTERM to the npm process alone (not Ctrl-C
 * to the whole group) must stop Prometheus, Alertmanager, the Pushgateway and the demo. With a
 * shell between npm and node the signal stopped at the shell and the stack kept running.
 */
describe('npm start', () => {
  it('stops the whole stack when npm alone gets SIGTERM', async () => {
    const npm = spawn('npm', ['start'], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = npm.pid!;
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 120_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('sieve: running')) {
            clearTimeout(timer);
            resolve();
          }
        };
        npm.stdout.on('data', onData);
        npm.stderr.on('data', onData);
        npm.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
      });
      expect(groupMembers(pgid).length).toBeGreaterThan(3); // npm, node, and the servers it started
      process.kill(npm.pid!, 'SIGTERM');
      const deadline = Date.now() + 30_000;
      while (groupMembers(pgid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(groupMembers(pgid)).toEqual([]);
    } finally {
      if (groupMembers(pgid).length > 0) process.kill(-pgid, 'SIGKILL');
    }
  }, 180_000);
});
