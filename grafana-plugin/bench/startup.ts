import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Figure } from '@sieve/testkit';
import { ensureBuilt, launchPlugin } from '../test/harness/index.ts';

/**
 * Time from launch to the handshake line (go-plugin gives up after 60 s; target < 0.5 s), for
 * the SEA Grafana runs and the plain Node script used in development. The baseline is bare Node
 * starting and printing one line, measured in the same run.
 */
const RUNS = 7;

async function handshakeMs(mode: 'sea' | 'script'): Promise<number> {
  const plugin = await launchPlugin({ mode });
  await plugin.kill();
  return plugin.startupMs;
}

function bareNodeMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', 'console.log("1|2|tcp|127.0.0.1:1|grpc")'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    createInterface({ input: child.stdout }).once('line', () => resolve(performance.now() - started));
    child.once('error', reject);
  });
}

async function median(sample: () => Promise<number>): Promise<number> {
  await sample(); // warm the page cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await sample());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function run(): Promise<Figure[]> {
  await ensureBuilt();
  const bare = await median(bareNodeMs);
  const script = await median(() => handshakeMs('script'));
  const sea = await median(() => handshakeMs('sea'));
  return [
    {
      name: 'startup.sea',
      value: sea,
      unit: 'ms',
      baseline: 'node-script',
      ratio: sea / script,
      target: '<500',
      runs: RUNS,
    },
    {
      name: 'startup.script',
      value: script,
      unit: 'ms',
      baseline: 'bare-node',
      ratio: script / bare,
      target: '<500',
      runs: RUNS,
    },
  ];
}
