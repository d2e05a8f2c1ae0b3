import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'postject';

/**
 * Node single-executable application steps (Node SEA docs): a blob from the bundle, injected
 * into a copy of a node binary. No snapshot and no code cache: both are specific to the
 * architecture that built them, and without them one blob serves x64 and arm64 alike.
 */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export function buildSeaBlob(node: string, bundle: string, workDir: string): string {
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

/** Writes `output` atomically: a half-written executable must never look built. */
export async function injectSea(nodeBinary: string, blob: string, output: string): Promise<void> {
  const tmp = `${output}.tmp`;
  copyFileSync(nodeBinary, tmp);
  chmodSync(tmp, 0o755);
  await inject(tmp, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
  renameSync(tmp, output);
}
