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

/** Node `process.arch` → the Go GOARCH suffix Grafana looks for. */
export const TARGETS = [
  { nodeArch: 'x64', goArch: 'amd64' },
  { nodeArch: 'arm64', goArch: 'arm64' },
] as const;
export type Target = (typeof TARGETS)[number];

export function executableName(target: Target): string {
  return `${EXECUTABLE}_linux_${target.goArch}`;
}

/** Inputs of the built executables: a test rebuilds when any of them is newer than dist/. */
export const BUILD_INPUTS = [
  join(WORKSPACE, 'backend', 'src'),
  join(WORKSPACE, 'backend', 'build'),
  join(WORKSPACE, 'src', 'plugin.json'),
  join(WORKSPACE, 'package.json'),
];
