import { readFileSync } from 'node:fs';

/**
 * The text of Sieve's .proto files. Running as a plain Node script, they are read next to this
 * module; the esbuild bundle replaces this whole module with the texts inlined (see
 * build/bundle.ts), because a single executable application cannot read files it was built from.
 */
export const PROTO_FILES: Readonly<Record<string, string>> = Object.fromEntries(
  ['pluginv2.proto', 'health.proto', 'grpcController.proto'].map((name) => [
    name,
    readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'),
  ])
);
