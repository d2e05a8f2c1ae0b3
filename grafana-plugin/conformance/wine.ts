import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CACHE } from '../backend/build/paths.ts';
import { DEBIAN_WINE_LOADER, DEBIAN_ZLIB1, unpackDebianWine } from './debianWine.ts';

/**
 * Running the Windows executable under Wine, for `npm run conformance:windows -w grafana-plugin`:
 * the Go suite is built for windows/amd64 and runs under Wine too, so that go-plugin's own Windows
 * client (Windows pipes, TCP) launches the unmodified executable as Grafana on Windows does.
 * Opt-in: Wine is not part of CI.
 *
 * It runs with Wine 10.0 (Debian 13). Debian 12's Wine 8.0 cannot run it, for three reasons found here:
 * - V8 (Node 24) reserves its code tables with VirtualAlloc2 placeholders (MEM_RESERVE_PLACEHOLDER,
 *   Windows 10 1803+), which Wine 8.0 rejects ("wrong alloc type flags (00042000)"): Node stops
 *   with "Fatal process out of memory: SegmentedTable::InitializeTable (subspace allocation)";
 * - Go >= 1.22 programs need ProcessPrng from bcryptprimitives.dll, which Wine 8.0 lacks;
 * - libuv sets TCP_KEEPIDLE before connecting (undici's keep-alive), which Wine 8.0's setsockopt
 *   does not know ("Unknown IPPROTO_TCP optname 0x00000003"), so every upstream request fails
 *   with "connect UNKNOWN".
 * With an older Wine the run unpacks Debian 13's Wine 10 into .cache (debianWine.ts) and uses that.
 */
export interface Wine {
  loader: string;
  server: string;
  version: string;
  /** Our own Wine prefix (one per Wine version) in .cache/wine. */
  prefix: string;
  /** The environment every Wine process gets: our own prefix, Wine's debug chatter off. */
  env: NodeJS.ProcessEnv;
}

/** The Wine this was proven with (8.0 lacks VirtualAlloc2 placeholders, ProcessPrng, TCP_KEEPIDLE). */
export const MIN_WINE_MAJOR = 10;

function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * SIEVE_CONFORMANCE_WINE, else `wine64` or `wine` on PATH, else Debian's /usr/lib/wine/wine64;
 * older than Wine 10 (Debian 12 has 8.0), Debian 13's Wine 10 unpacked into .cache.
 */
export function findWine(): Wine | { missing: string } {
  const candidates = [process.env.SIEVE_CONFORMANCE_WINE, onPath('wine64'), onPath('wine'), '/usr/lib/wine/wine64'];
  const loader = candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
  if (loader === undefined) {
    return {
      missing:
        `conformance:windows needs Wine >= ${MIN_WINE_MAJOR} (Debian 13: \`apt-get install wine64\`; on Debian 12 ` +
        "install its wine64 and the run unpacks Debian 13's Wine 10 itself), or SIEVE_CONFORMANCE_WINE set to a " +
        'wine64 loader. None found.',
    };
  }
  const wine = wineAt(loader);
  if (wineMajor(wine.version) >= MIN_WINE_MAJOR) return wine;
  if (onPath('apt-get') === undefined || onPath('dpkg-deb') === undefined) {
    return {
      missing: `conformance:windows needs Wine >= ${MIN_WINE_MAJOR}; ${loader} is ${wine.version} (see wine.ts)`,
    };
  }
  process.stderr.write(
    `conformance:windows: ${loader} is ${wine.version}, too old for Node 24 and Go 1.26 programs (wine.ts); ` +
      "using Debian 13's Wine 10, unpacked into .cache/wine\n"
  );
  return wineAt(unpackDebianWine());
}

export function wineMajor(version: string): number {
  return Number.parseInt(/^wine-(\d+)/.exec(version)?.[1] ?? '0', 10);
}

function wineAt(loader: string): Wine {
  const sibling = join(dirname(loader), 'wineserver');
  const server = existsSync(sibling) ? sibling : (onPath('wineserver') ?? 'wineserver');
  const base = { ...process.env, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'winemenubuilder.exe=d' };
  const version = spawnSync(loader, ['--version'], { encoding: 'utf8', env: base }).stdout.trim();
  const prefix = join(CACHE, 'wine', `prefix-${version.replace(/[^\w.-]+/g, '_')}`);
  return { loader, server, version, prefix, env: { ...base, WINEPREFIX: prefix } };
}

/** A Windows path for a file on this machine: Wine maps drive Z: to /. */
export function windowsPath(path: string): string {
  return `Z:${path.replaceAll('/', '\\')}`;
}

function run(wine: Wine, args: string[], what: string): void {
  const result = spawnSync(wine.loader, args, { env: wine.env, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr}`);
}

/** Creates the Wine prefix once (in .cache/wine), reporting Windows 10 (Node refuses older ones). */
export function preparePrefix(wine: Wine): void {
  const ready = join(wine.prefix, '.sieve-ready');
  if (existsSync(ready)) return;
  mkdirSync(dirname(wine.prefix), { recursive: true });
  process.stderr.write(`conformance:windows: creating the Wine prefix ${wine.prefix}\n`);
  // Without 32-bit Wine, wineboot exits 53 (no syswow64\\rundll32.exe) having made a usable prefix.
  const boot = spawnSync(wine.loader, ['wineboot', '-i'], { env: wine.env, encoding: 'utf8', timeout: 300_000 });
  if (!existsSync(join(wine.prefix, 'drive_c', 'windows', 'system32', 'kernel32.dll'))) {
    throw new Error(`wineboot -i made no prefix (exit ${boot.status}): ${boot.stderr}`);
  }
  if (wine.loader === DEBIAN_WINE_LOADER) {
    copyFileSync(DEBIAN_ZLIB1, join(wine.prefix, 'drive_c', 'windows', 'system32', 'zlib1.dll'));
  }
  run(wine, ['winecfg', '-v', 'win10'], 'winecfg -v win10');
  spawnSync(wine.server, ['-w'], { env: wine.env });
  writeFileSync(ready, `${wine.version}\n`);
}

export type Handshake = { line: string } | { exit: number | null; stderr: string };

/**
 * Launches the executable under Wine with go-plugin's environment and waits for its first stdout
 * line. Wine hands a Linux pipe to Windows programs as a handle that libuv cannot open as a pipe
 * (EBADF), so stdout and stderr go to files here; the Go suite under Wine gives real Windows pipes.
 */
export async function handshakeUnderWine(wine: Wine, executable: string, work: string): Promise<Handshake> {
  const [out, err] = [join(work, 'handshake.stdout'), join(work, 'handshake.stderr')];
  const fds = [openSync(out, 'w'), openSync(err, 'w')];
  const child = spawn(wine.loader, [executable], {
    env: { ...wine.env, grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2' },
    stdio: ['ignore', fds[0], fds[1]],
  });
  fds.forEach((fd) => closeSync(fd));
  let exit: number | null | undefined;
  child.on('exit', (code) => (exit = code));
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      const stdout = readFileSync(out, 'utf8');
      if (stdout.includes('\n')) return { line: stdout.slice(0, stdout.indexOf('\n') + 1) };
      if (exit !== undefined) return { exit, stderr: readFileSync(err, 'utf8') };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { exit: null, stderr: `no handshake within 60 s\n${readFileSync(err, 'utf8')}` };
  } finally {
    if (exit === undefined) child.kill('SIGKILL');
  }
}

/** Ends every process left in our own prefix (the plugin after a forced kill, wineserver). */
export function stopWine(wine: Wine): void {
  spawnSync(wine.server, ['-k'], { env: wine.env });
}
