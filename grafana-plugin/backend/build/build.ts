import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleBackend } from './bundle.ts';
import { hostNodeOfVersion, localNodeBinary, nodeBinaryFor, nodeVersion, targetNodeVersion } from './nodeBinaries.ts';
import {
  CACHE,
  DIST,
  ENTRY,
  executableName,
  hostTarget,
  TARGETS,
  UnsupportedHostError,
  WORKSPACE,
  type Target,
} from './paths.ts';
import { PLACEHOLDER_MODULE_JS } from './placeholderModule.ts';
import { buildSeaBlob, injectSea } from './sea.ts';

/**
 * `npm run build`: dist/ as Grafana loads it — plugin.json (with version and date filled in),
 * the logo, and one Node SEA per platform in TARGETS, named `gpx_sieve_datamining_<os>_<arch>[.exe]`.
 * Also writes dist/backend.cjs, the bundle the SEAs carry, runnable with any Node 24.
 *
 * `--os=linux` builds only the Linux executables (what the tests run; the others take a minute
 * more) and removes the other platforms' from dist/, so that dist/ never mixes two bundles.
 *
 * `--dev` instead writes, for this machine only, a shell wrapper that runs backend/src/main.ts
 * with the Node on PATH: a local Grafana then picks up source changes on the plugin's restart.
 */
async function main(): Promise<void> {
  const started = Date.now();
  hostTarget(); // before anything is written: an unsupported host stops here with what to do
  const work = join(CACHE, 'build');
  mkdirSync(work, { recursive: true });
  mkdirSync(DIST, { recursive: true });

  writePluginJson();
  copyAssets();
  if (process.argv.includes('--dev')) return writeDevWrapper();

  const bundle = join(work, 'backend.cjs');
  await bundleBackend(bundle);
  copyFileSync(bundle, join(DIST, 'backend.cjs'));

  const hostVersion = nodeVersion(localNodeBinary());
  const only = /^--os=(.+)$/.exec(process.argv.find((a) => a.startsWith('--os=')) ?? '')?.[1]?.split(',');
  const targets = TARGETS.filter((t) => only === undefined || only.includes(t.goOs));
  if (targets.length === 0) throw new Error(`--os=${only?.join(',')} names no target`);
  for (const t of TARGETS) if (!targets.includes(t)) rmSync(join(DIST, executableName(t)), { force: true });

  const blobs = new Map<string, string>();
  const blobFor = (target: Target): string => {
    const version = targetNodeVersion(target, hostVersion);
    let blob = blobs.get(version);
    if (blob === undefined) {
      blob = buildSeaBlob(hostNodeOfVersion(version, hostVersion), bundle, join(work, `node-${version}`));
      blobs.set(version, blob);
    }
    return blob;
  };
  for (const target of targets) {
    const output = join(DIST, executableName(target));
    await injectSea(target, nodeBinaryFor(target, hostVersion), blobFor(target), output);
    const mb = (statSync(output).size / 1e6).toFixed(1);
    const version = targetNodeVersion(target, hostVersion);
    process.stderr.write(`built ${output} (Node ${version} ${target.goOs}/${target.nodeArch}, ${mb} MB)\n`);
  }
  process.stderr.write(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function writeDevWrapper(): void {
  const output = join(DIST, executableName(hostTarget()));
  writeFileSync(output, `#!/bin/sh\nexec node ${JSON.stringify(ENTRY)} "$@"\n`);
  chmodSync(output, 0o755);
  process.stderr.write(`wrote ${output} (development wrapper around ${ENTRY})\n`);
}

function writePluginJson(): void {
  const pkg = JSON.parse(readFileSync(join(WORKSPACE, 'package.json'), 'utf8')) as { version: string };
  const text = readFileSync(join(WORKSPACE, 'src', 'plugin.json'), 'utf8')
    .replaceAll('%VERSION%', pkg.version)
    .replaceAll('%TODAY%', new Date().toISOString().slice(0, 10));
  writeFileSync(join(DIST, 'plugin.json'), text);
}

function copyAssets(): void {
  // The frontend build (a later issue) writes the real module.js; until then, a minimal one.
  if (!existsSync(join(WORKSPACE, 'src', 'module.ts'))) writeFileSync(join(DIST, 'module.js'), PLACEHOLDER_MODULE_JS);
  for (const file of ['img/logo.svg', 'README.md']) {
    const from = join(WORKSPACE, 'src', file);
    if (!existsSync(from)) continue;
    mkdirSync(join(DIST, file, '..'), { recursive: true });
    copyFileSync(from, join(DIST, file));
  }
}

main().catch((error: unknown) => {
  const text =
    error instanceof UnsupportedHostError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`build failed: ${text}\n`);
  process.exit(1);
});
