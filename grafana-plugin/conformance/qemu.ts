import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE } from '../backend/build/paths.ts';
import { unpackDebianPackages } from './debianPackages.ts';

/**
 * Running the linux_arm64 executable on an x86-64 machine, for `npm run conformance:arm64 -w
 * grafana-plugin`: QEMU user-mode emulation (`qemu-aarch64`) runs the unmodified executable, and
 * the Go suite (native) launches `qemu-aarch64 <executable>` through go-plugin. Node's arm64
 * binary is dynamically linked, so QEMU needs an arm64 glibc, libstdc++ and libgcc: Debian 12's
 * packages unpacked into .cache/qemu (no root, nothing installed), passed as QEMU_LD_PREFIX
 * rather than `-L` so that a binfmt_misc-started QEMU (below) finds them too. Opt-in: not in CI.
 */
export interface Qemu {
  binary: string;
  version: string;
  /** What the emulated process needs in its environment: QEMU_LD_PREFIX=<sysroot>. */
  env: Record<string, string>;
  /**
   * Whether the emulated executable can execve itself, which it does to drop NODE_* variables
   * (nodeEnvironment.ts): only when the kernel runs arm64 ELF files through a binfmt_misc entry
   * for QEMU. Without one the execve fails with ENOEXEC and Node aborts; a real arm64 machine
   * has no such limit.
   */
  execve: boolean;
}

const SYSROOT_DIR = join(CACHE, 'qemu', 'arm64-sysroot');
const SYSROOT_READY = join(SYSROOT_DIR, '.ready');
/** What `readelf -d` lists as NEEDED by Node's linux-arm64 binary, by package. */
const SYSROOT_PACKAGES = ['libc6', 'libstdc++6', 'libgcc-s1'];
const SYSROOT_FILES = ['lib/ld-linux-aarch64.so.1', 'libc.so.6', 'libstdc++.so.6', 'libgcc_s.so.1'];
const INSTALL = 'Debian/Ubuntu: `apt-get install qemu-user-static` or `qemu-user`';

function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The sysroot's missing files (the loader at lib/, the libraries in either multiarch dir). */
function sysrootMissing(root: string): string[] {
  const found = (file: string) =>
    file.includes('/')
      ? existsSync(join(root, file))
      : ['lib', 'usr/lib'].some((dir) => existsSync(join(root, dir, 'aarch64-linux-gnu', file)));
  return SYSROOT_FILES.filter((file) => !found(file));
}

/** SIEVE_CONFORMANCE_ARM64_SYSROOT, else Debian 12's packages unpacked once into .cache/qemu. */
function findSysroot(): string | { missing: string } {
  const given = process.env.SIEVE_CONFORMANCE_ARM64_SYSROOT;
  const cached = join(SYSROOT_DIR, 'root');
  if ((given === undefined || given === '') && !existsSync(SYSROOT_READY)) {
    if (onPath('apt-get') === undefined || onPath('dpkg-deb') === undefined) {
      return {
        missing:
          'conformance:arm64 needs an arm64 sysroot (glibc, libstdc++, libgcc): it fetches Debian 12 packages ' +
          'with apt-get and dpkg-deb, not found here; or set SIEVE_CONFORMANCE_ARM64_SYSROOT to a directory ' +
          `holding ${SYSROOT_FILES.join(', ')}.`,
      };
    }
    process.stderr.write(`conformance:arm64: fetching Debian 12's ${SYSROOT_PACKAGES.join(', ')} for arm64 (~3 MB)\n`);
    try {
      unpackDebianPackages({ dir: SYSROOT_DIR, suite: 'bookworm', architecture: 'arm64', packages: SYSROOT_PACKAGES });
    } catch (error) {
      return { missing: `conformance:arm64 could not fetch an arm64 sysroot: ${(error as Error).message}` };
    }
    writeFileSync(SYSROOT_READY, `${SYSROOT_PACKAGES.join(' ')}\n`);
  }
  const root = given !== undefined && given !== '' ? given : cached;
  const missing = sysrootMissing(root);
  if (missing.length > 0) {
    return { missing: `conformance:arm64: the arm64 sysroot ${root} lacks ${missing.join(', ')}` };
  }
  return root;
}

/** Whether the kernel hands arm64 ELF files to QEMU (an enabled binfmt_misc entry). */
function binfmtRunsArm64(): boolean {
  const entry = '/proc/sys/fs/binfmt_misc/qemu-aarch64';
  return existsSync(entry) && readFileSync(entry, 'utf8').startsWith('enabled');
}

/** SIEVE_CONFORMANCE_QEMU, else `qemu-aarch64-static` or `qemu-aarch64` on PATH; and the sysroot. */
export function findQemu(): Qemu | { missing: string } {
  const candidates = [process.env.SIEVE_CONFORMANCE_QEMU, onPath('qemu-aarch64-static'), onPath('qemu-aarch64')];
  const binary = candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
  if (binary === undefined) {
    return {
      missing:
        `conformance:arm64 needs QEMU user-mode emulation for aarch64 (${INSTALL}), or ` +
        'SIEVE_CONFORMANCE_QEMU set to a qemu-aarch64 binary. None found.',
    };
  }
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: `conformance:arm64: ${binary} --version failed: ${probe.stderr}` };
  const sysroot = findSysroot();
  if (typeof sysroot !== 'string') return sysroot;
  return {
    binary,
    version: probe.stdout.split('\n')[0] ?? '',
    env: { QEMU_LD_PREFIX: sysroot },
    execve: binfmtRunsArm64(),
  };
}

export type Handshake = { line: string; ms: number } | { exit: number | null; stderr: string };

/** Starts the executable under QEMU as go-plugin would and waits for its first stdout line. */
export function handshakeUnderQemu(qemu: Qemu, executable: string, env: NodeJS.ProcessEnv): Promise<Handshake> {
  const started = Date.now();
  const child = spawn(qemu.binary, [executable], {
    env: { ...env, ...qemu.env, grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  return new Promise<Handshake>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ exit: null, stderr: `no handshake within 60 s\n${stderr}` });
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      child.kill('SIGTERM');
      resolve({ line: stdout.slice(0, stdout.indexOf('\n') + 1), ms: Date.now() - started });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ exit: code, stderr });
    });
  });
}
