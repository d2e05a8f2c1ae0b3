import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILD_INPUTS,
  CACHE,
  DIST,
  executableName,
  hostTarget,
  TARGETS,
  WORKSPACE,
  type Target,
  type TargetOs,
} from '../../backend/build/paths.ts';

/** The built executable for this machine's architecture. */
export function builtExecutable(): string {
  return join(DIST, executableName(hostTarget()));
}

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale(targets: readonly Target[]): boolean {
  const outputs = [...targets.map((t) => join(DIST, executableName(t))), join(DIST, 'plugin.json')];
  const oldestOutput = Math.min(...outputs.map((o) => statSync(o, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  if (oldestOutput === 0 || !isElf(builtExecutable())) return true; // missing, or a `--dev` wrapper
  return BUILD_INPUTS.some((input) => newestMtime(input) > oldestOutput);
}

function isElf(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    readSync(fd, magic, 0, 4, 0);
    return magic.toString('latin1') === '\x7fELF';
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs the backend build when dist/ is missing or older than the backend sources: the executables
 * for this machine's OS only (`--os=linux`), plus those of the OSes in `alsoFor` (the Windows run
 * under Wine), or with `allPlatforms` every target (macOS and Windows too, as `npm run build`
 * makes them; a minute longer, and their Node binaries are fetched once). Jest workers call this concurrently, so a lock directory serialises builds; a lock older
 * than 10 minutes is taken to be left by a killed run.
 */
export async function ensureBuilt(options: { allPlatforms?: boolean; alsoFor?: TargetOs[] } = {}): Promise<string> {
  const oses =
    options.allPlatforms === true ? undefined : [...new Set([hostTarget().goOs, ...(options.alsoFor ?? [])])];
  const targets = oses === undefined ? TARGETS : TARGETS.filter((t) => oses.includes(t.goOs));
  const lock = join(CACHE, 'build.lock');
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 600_000) rmdirSync(lock);
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (isStale(targets)) {
      const args = oses === undefined ? [] : [`--os=${oses.join(',')}`];
      const result = spawnSync(process.execPath, [join(WORKSPACE, 'backend', 'build', 'build.ts'), ...args], {
        cwd: WORKSPACE,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
  return builtExecutable();
}
