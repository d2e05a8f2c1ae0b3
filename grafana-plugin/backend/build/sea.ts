import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inject } from 'postject';
import { adhocSign, removeSignature } from './machoSignature.ts';
import type { Target } from './paths.ts';
import { removeAuthenticode } from './peSignature.ts';

/**
 * Node single-executable application steps (Node SEA docs): a blob from the bundle, injected
 * into a copy of a node binary. No snapshot and no code cache: both are specific to the
 * architecture that built them, and without them one blob serves x64 and arm64 alike.
 */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
export const SEA_RESOURCE = 'NODE_SEA_BLOB';
/** macOS: the segment postject puts the blob in (section `__NODE_SEA_BLOB`), where Node looks. */
export const SEA_MACHO_SEGMENT = 'NODE_SEA';

/** `node` must be of the version the blob is for: the blob format is that Node's. */
export function buildSeaBlob(node: string, bundle: string, workDir: string): string {
  mkdirSync(workDir, { recursive: true });
  const blob = join(workDir, 'sea.blob');
  const config = join(workDir, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
      // The host's NODE_OPTIONS must not reach the plugin (Grafana passes its environment on).
      execArgvExtension: 'none',
    })
  );
  execFileSync(node, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  return blob;
}

/**
 * Writes `output` atomically (a half-written executable must never look built), prepared per
 * platform as the Node SEA docs say: on Linux, symbols and debug sections stripped first; on
 * Windows, the Authenticode signature removed; on macOS, the signature removed and the result
 * signed ad hoc.
 */
export async function injectSea(target: Target, nodeBinary: string, blob: string, output: string): Promise<void> {
  const tmp = `${output}.tmp`;
  if (target.goOs === 'linux') {
    copyFileSync(nodeBinary, tmp);
    stripElf(tmp);
  } else if (target.goOs === 'windows') {
    writeFileSync(tmp, removeAuthenticode(readFileSync(nodeBinary)));
  } else {
    writeFileSync(tmp, removeSignature(readFileSync(nodeBinary)));
  }
  chmodSync(tmp, 0o755);
  await inject(tmp, SEA_RESOURCE, readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    ...(target.goOs === 'darwin' ? { machoSegmentName: SEA_MACHO_SEGMENT } : {}),
  });
  if (target.goOs === 'darwin') writeFileSync(tmp, adhocSign(readFileSync(tmp), basename(output)));
  renameSync(tmp, output);
}

/**
 * Node's Linux binaries ship with their symbol table and DWARF (~18 MB) that a plugin never reads;
 * `.dynsym`, which native addons link against, stays. llvm-strip (Debian `llvm`) handles both
 * architectures; binutils' strip only the host's.
 */
function stripElf(path: string): void {
  try {
    execFileSync('llvm-strip', ['--strip-all', path], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing ? 'llvm-strip not found: install it (Debian: apt-get install llvm)' : `llvm-strip ${path} failed`,
      { cause: error }
    );
  }
}
