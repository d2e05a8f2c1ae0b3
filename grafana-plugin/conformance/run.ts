import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackfilledPrometheus } from '@sieve/testkit';
import { DIST, executableName, TARGETS, UnsupportedHostError } from '../backend/build/paths.ts';
import { parseHandshakeLine } from '../backend/src/protocol/handshake.ts';
import { ensureBuilt } from '../test/harness/build.ts';
import { CASES } from './cases.ts';
import { metricPlaceholders, openMetrics } from './fixture.ts';
import { findQemu, handshakeUnderQemu, type Qemu } from './qemu.ts';
import { findWine, handshakeUnderWine, preparePrefix, stopWine, windowsPath, type Wine } from './wine.ts';

/**
 * `npm run conformance -w grafana-plugin [-- <go test flags, e.g. -update -v -run Drift>]`:
 * builds dist/ if stale, backfills the fixture into a real Prometheus, then runs the Go suite,
 * which launches the executable through hashicorp/go-plugin as Grafana does and reads every
 * answer with grafana-plugin-sdk-go.
 *
 * `npm run conformance:windows -w grafana-plugin` (`--windows`, opt-in, not in CI) does the same
 * with windows_amd64.exe under Wine: the suite is built for Windows and runs under Wine as well,
 * so go-plugin's Windows client launches the plugin (see wine.ts).
 *
 * `npm run conformance:arm64 -w grafana-plugin` (`--arm64`, opt-in, not in CI) runs the same suite
 * against linux_arm64 under QEMU user-mode emulation: go-plugin launches `qemu-aarch64 <executable>`
 * (see qemu.ts).
 */
const HERE = import.meta.dirname;
const WINDOWS = process.argv.includes('--windows');
const ARM64 = process.argv.includes('--arm64');
const GO_TEST_ARGS = process.argv.slice(2).filter((arg) => arg !== '--windows' && arg !== '--arm64');

/** The Go version the suite needs: go.mod's `go` line (what the SDK requires). */
function requiredGo(): string {
  const match = /^go (\S+)$/m.exec(readFileSync(join(HERE, 'go.mod'), 'utf8'));
  if (!match) throw new Error('conformance/go.mod has no go directive');
  return match[1] as string;
}

function versionAtLeast(have: string, want: string): boolean {
  const parts = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const [a, b] = [parts(have), parts(want)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Stops with a message naming the version; a failure in CI, a skip elsewhere. */
function checkGo(): boolean {
  const want = requiredGo();
  const probe = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: goEnv() });
  const have = probe.status === 0 ? probe.stdout.trim().replace(/^go/, '') : undefined;
  if (have !== undefined && versionAtLeast(have, want)) return true;
  const found = have === undefined ? 'no `go` on PATH' : `found Go ${have}`;
  const message = `conformance: needs Go >= ${want} (https://go.dev/dl/); ${found}.`;
  if (process.env.CI === 'true') {
    process.stderr.write(`${message} CI=true: failing.\n`);
    process.exit(1);
  }
  process.stderr.write(`${message} Skipping the Go conformance suite (it is required when CI=true).\n`);
  return false;
}

/** The toolchain on PATH, never a downloaded one; the module graph exactly as committed. */
function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly', ...extra };
}

async function main(): Promise<number> {
  if (!checkGo()) return 0;
  let wine: Wine | undefined;
  if (WINDOWS) {
    const found = findWine();
    if ('missing' in found) {
      process.stderr.write(`${found.missing}\n`);
      return 1;
    }
    wine = found;
    process.stderr.write(`conformance:windows: ${wine.version} (${wine.loader})\n`);
  }
  let qemu: Qemu | undefined;
  if (ARM64) {
    const found = findQemu();
    if ('missing' in found) {
      process.stderr.write(`${found.missing}\n`);
      return 1;
    }
    qemu = found;
    process.stderr.write(`conformance:arm64: ${qemu.version} (${qemu.binary}), ${qemu.env.QEMU_LD_PREFIX}\n`);
  }
  const started = Date.now();
  const [executable, prometheus] = await Promise.all([
    ensureBuilt(wine ? { alsoFor: ['windows'] } : {}),
    startBackfilledPrometheus(openMetrics),
  ]);
  const work = mkdtempSync(join(tmpdir(), 'sieve-conformance-'));
  try {
    const launched = wine ? await windowsExecutable(wine, work) : qemu ? await arm64Executable(qemu) : executable;
    const config = join(work, 'conformance.json');
    writeFileSync(
      config,
      JSON.stringify({
        executable: wine ? windowsPath(launched) : launched,
        dist: DIST,
        prometheusUrl: prometheus.url,
        placeholders: metricPlaceholders(),
        cases: CASES,
        launcher: qemu && {
          command: [qemu.binary],
          env: Object.entries(qemu.env).map(([key, value]) => `${key}=${value}`),
          execve: qemu.execve,
        },
      })
    );
    process.stderr.write(`conformance: fixture ready in ${((Date.now() - started) / 1000).toFixed(1)} s; go test\n`);
    const code = wine ? await goTestUnderWine(wine, config, work) : await goTest(config, qemu !== undefined);
    process.stderr.write(`conformance: finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return code;
  } finally {
    await prometheus.stop();
    if (wine) stopWine(wine);
    rmSync(work, { recursive: true, force: true });
  }
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
}

function goTest(config: string, emulated: boolean): Promise<number> {
  // Emulated, every call is slower: more than go test's default 10 minutes for the whole suite.
  const timeout = emulated ? ['-timeout=40m'] : [];
  const go = spawn('go', ['test', '-count=1', ...timeout, ...GO_TEST_ARGS, './...'], {
    cwd: HERE,
    stdio: 'inherit',
    env: emulated ? withoutNodeVariables(goEnv({ SIEVE_CONFORMANCE: config })) : goEnv({ SIEVE_CONFORMANCE: config }),
  });
  return exitCode(go);
}

/**
 * go-plugin hands the suite's environment to the plugin, and npm's NODE_OPTIONS (or the machine's
 * NODE_EXTRA_CA_CERTS) would make every start execve itself, which fails under QEMU without
 * binfmt_misc (qemu.ts); TestNodeVariablesIgnored sets them itself where that works.
 */
function withoutNodeVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('NODE_')));
}

/** The linux_arm64 executable, as built and shipped, must print its handshake under QEMU. */
async function arm64Executable(qemu: Qemu): Promise<string> {
  const target = TARGETS.find((t) => t.goOs === 'linux' && t.goArch === 'arm64');
  if (target === undefined) throw new Error('TARGETS has no linux_arm64 executable');
  const executable = join(DIST, executableName(target));
  const handshake = await handshakeUnderQemu(qemu, executable, withoutNodeVariables(process.env));
  if (!('line' in handshake)) {
    throw new Error(`${executable} did not start under ${qemu.version} (exit ${handshake.exit}):\n${handshake.stderr}`);
  }
  parseHandshakeLine(handshake.line);
  process.stderr.write(`conformance:arm64: handshake after ${handshake.ms} ms: ${handshake.line}`);
  if (!qemu.execve) {
    process.stderr.write(
      'conformance:arm64: no binfmt_misc entry runs arm64 programs here, so TestNodeVariablesIgnored is skipped ' +
        '(the executable execve()s itself to drop NODE_* variables; see qemu.ts)\n'
    );
  }
  return executable;
}

/**
 * The shipped Windows executable, unmodified, must print its handshake under Wine, over TCP on
 * 127.0.0.1 (go-plugin has no Unix sockets on Windows).
 */
async function windowsExecutable(wine: Wine, work: string): Promise<string> {
  preparePrefix(wine);
  const target = TARGETS.find((t) => t.goOs === 'windows');
  if (target === undefined) throw new Error('TARGETS has no Windows executable');
  const executable = join(DIST, executableName(target));
  const handshake = await handshakeUnderWine(wine, executable, work);
  if (!('line' in handshake)) {
    throw new Error(`${executable} did not start under ${wine.version} (exit ${handshake.exit}):\n${handshake.stderr}`);
  }
  const parsed = parseHandshakeLine(handshake.line);
  if (parsed.network !== 'tcp' || !parsed.address.startsWith('127.0.0.1:')) {
    throw new Error(`handshake ${JSON.stringify(handshake.line)}: want TCP on 127.0.0.1 on Windows`);
  }
  process.stderr.write(`conformance:windows: handshake under ${wine.version}: ${handshake.line}`);
  return executable;
}

/** `go test` flags as the compiled test binary spells them (`-v` → `-test.v`); `-update` is ours. */
function testBinaryArgs(args: string[]): string[] {
  return args.map((arg) => arg.replace(/^-(v|run|count|timeout|failfast|short|list|skip)(?==|$)/, '-test.$1'));
}

async function goTestUnderWine(wine: Wine, config: string, work: string): Promise<number> {
  const binary = join(work, 'conformance.test.exe');
  const build = spawn('go', ['test', '-c', '-o', binary, '.'], {
    cwd: HERE,
    stdio: 'inherit',
    env: goEnv({ GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '0' }),
  });
  const built = await exitCode(build);
  if (built !== 0) return built;
  const suite = spawn(wine.loader, [binary, '-test.count=1', '-test.timeout=20m', ...testBinaryArgs(GO_TEST_ARGS)], {
    cwd: HERE,
    stdio: 'inherit',
    env: { ...wine.env, SIEVE_CONFORMANCE: windowsPath(config) },
  });
  return exitCode(suite);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const text =
      error instanceof UnsupportedHostError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`conformance failed: ${text}\n`);
    process.exit(1);
  }
);
