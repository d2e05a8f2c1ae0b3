import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { ENTRY, PROTOCOL_DIR } from './paths.ts';

/**
 * Bundles the backend into one CommonJS file, the only module format a Node SEA can start
 * from. The .proto texts are inlined by replacing protoFiles.ts, because an SEA cannot read the
 * files it was built from.
 */
const inlineProtos: Plugin = {
  name: 'inline-protos',
  setup(b) {
    b.onLoad({ filter: /[\\/]protocol[\\/]protoFiles\.ts$/ }, () => {
      const names = readdirSync(PROTOCOL_DIR).filter((n) => n.endsWith('.proto'));
      const files = Object.fromEntries(names.sort().map((n) => [n, readFileSync(join(PROTOCOL_DIR, n), 'utf8')]));
      return { contents: `export const PROTO_FILES = ${JSON.stringify(files)};`, loader: 'ts' };
    });
  },
};

export async function bundleBackend(outfile: string): Promise<void> {
  await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [inlineProtos],
    // Workspace packages resolve to their TypeScript sources, as everywhere in the repository.
    conditions: ['sieve-source'],
    // import.meta is empty in a CJS bundle: a module that needs it would read files at runtime.
    logOverride: { 'empty-import-meta': 'error' },
  });
}
