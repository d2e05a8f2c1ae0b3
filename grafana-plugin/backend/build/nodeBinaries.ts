import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { CACHE, hostTarget, type Target } from './paths.ts';

/**
 * The Node binaries the executables are made from. The host's binary comes from the `node`
 * devDependency; the others from the npm registry packages named in TARGETS (`npm pack` once,
 * then cached in .cache/node/), of the host's version unless TARGETS pins one.
 */
export function localNodeBinary(): string {
  const pkg = createRequire(import.meta.url).resolve('node/package.json');
  return join(dirname(pkg), 'bin', 'node');
}

export function nodeVersion(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
}

/** The Node version a target's executable carries. */
export function targetNodeVersion(target: Target, hostVersion: string): string {
  return target.node === 'host' ? hostVersion : target.node;
}

export function nodeBinaryFor(target: Target, hostVersion: string): string {
  const version = targetNodeVersion(target, hostVersion);
  if (target === hostTarget() && version === hostVersion) return localNodeBinary();
  return fetchBinary(target.npmPackage, version, binaryPath(target));
}

/**
 * A Node of `version` that runs here: `--experimental-sea-config` writes the blob in the format of
 * the Node that makes it, so each target's blob is made by a host Node of the target's version.
 */
export function hostNodeOfVersion(version: string, hostVersion: string): string {
  const host = hostTarget();
  return version === hostVersion ? localNodeBinary() : fetchBinary(host.npmPackage, version, binaryPath(host));
}

function binaryPath(target: Target): string {
  return target.goOs === 'windows' ? 'bin/node.exe' : 'bin/node';
}

function fetchBinary(pkg: string, version: string, file: string): string {
  const dir = join(CACHE, 'node', `${pkg}-${version}`);
  const binary = join(dir, basename(file));
  if (existsSync(binary)) return binary;
  const spec = `${pkg}@${version}`;
  const download = join(CACHE, `download-${pkg}-${version}`);
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  process.stderr.write(`fetching ${spec} from the npm registry\n`);
  execFileSync('npm', ['pack', spec, '--pack-destination', download, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(download).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack ${spec} produced no tarball`);
  execFileSync('tar', ['-xzf', join(download, tarball), '-C', download, `package/${file}`]);
  mkdirSync(dir, { recursive: true });
  renameSync(join(download, 'package', file), `${binary}.tmp`);
  renameSync(`${binary}.tmp`, binary);
  rmSync(download, { recursive: true, force: true });
  return binary;
}
