import { readdirSync, readFileSync } from 'node:fs';

/**
 * The text of Sieve's .proto files (every *.proto next to this module). Running as a plain Node
 * script, they are read from disk; the esbuild bundle replaces this whole module with the texts
 * inlined (backend/build/bundle.ts), because a single executable application cannot read files
 * it was built from.
 */
const dir = import.meta.dirname;

export const PROTO_FILES: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(dir)
    .filter((name) => name.endsWith('.proto'))
    .sort()
    .map((name) => [name, readFileSync(`${dir}/${name}`, 'utf8')])
);
