import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CACHE, type Target } from './paths.ts';

/**
 * The Node 24 binaries the executables are made from. The host's binary comes from the `node`
 * devDependency; other architectures come from the npm registry package `node-linux-<arch>` of
 * the same version (fetched with `npm pack` once, then cached), so every SEA runs the same Node.
 */
export function localNodeBinary(): string {
  const pkg = createRequire(import.meta.url).resolve('node/package.json');
  return join(dirname(pkg), 'bin', 'node');
}

export function nodeVersion(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
}

export function nodeBinaryFor(target: Target, version: string): string {
  if (target.nodeArch === process.arch) return localNodeBinary();
  const dir = join(CACHE, 'node', `${version}-linux-${target.nodeArch}`);
  const binary = join(dir, 'node');
  if (existsSync(binary)) return binary;
  const pkg = `node-linux-${target.nodeArch}@${version}`;
  const download = join(CACHE, 'download');
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  execFileSync('npm', ['pack', pkg, '--pack-destination', download, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(download).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack ${pkg} produced no tarball`);
  execFileSync('tar', ['-xzf', join(download, tarball), '-C', download, 'package/bin/node']);
  mkdirSync(dir, { recursive: true });
  renameSync(join(download, 'package', 'bin', 'node'), `${binary}.tmp`);
  renameSync(`${binary}.tmp`, binary);
  rmSync(download, { recursive: true, force: true });
  return binary;
}
