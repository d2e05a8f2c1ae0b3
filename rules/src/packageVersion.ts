import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version in the nearest package.json above `from` (default: this file, so @sieve/rules' own),
 * read at run time: from the sources (src/) and from the build (dist/src/) it is a different number
 * of folders up, so the nearest one is the package's, whichever layout runs. The dashboards CLI
 * passes its own folder.
 */
export function packageVersion(from = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
