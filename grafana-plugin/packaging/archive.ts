import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DIST, EXECUTABLE, WORKSPACE } from '../backend/build/paths.ts';
import { zip, type ZipEntry } from './zip.ts';

/**
 * The last step of `npm run build`: dist/ as `release/<id>-<version>.zip` with a top folder named
 * after the plugin id (what `grafana cli plugins install` and the validator expect), executables
 * with their run bits, and `.md5` / `.sha256` files in `md5sum` / `sha256sum -c` format beside it.
 */
export const RELEASE = join(WORKSPACE, 'release');
/** Build by-products Grafana does not load: the SEAs already carry the backend bundle. */
const LEFT_OUT = [/^backend\.cjs$/, /\.map$/];

export function pluginMeta(): { id: string; version: string } {
  const plugin = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8')) as {
    id: string;
    info: { version: string };
  };
  return { id: plugin.id, version: plugin.info.version };
}

export function archiveName(meta = pluginMeta()): string {
  return `${meta.id}-${meta.version}.zip`;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => (d.isDirectory() ? [join(dir, d.name) + '/', ...walk(join(dir, d.name))] : [join(dir, d.name)]));
}

export function archiveEntries(id: string): ZipEntry[] {
  const entries: ZipEntry[] = [{ path: `${id}/`, mode: 0o755 }];
  for (const file of walk(DIST)) {
    const rel = relative(DIST, file).split('\\').join('/') + (file.endsWith('/') ? '/' : '');
    if (LEFT_OUT.some((p) => p.test(rel))) continue;
    if (rel.endsWith('/')) {
      entries.push({ path: `${id}/${rel}`, mode: 0o755 });
      continue;
    }
    const executable = rel.startsWith(`${EXECUTABLE}_`) || (statSync(file).mode & 0o111) !== 0;
    entries.push({ path: `${id}/${rel}`, data: readFileSync(file), mode: executable ? 0o755 : 0o644 });
  }
  return entries;
}

function main(): void {
  const meta = pluginMeta();
  const name = archiveName(meta);
  const entries = archiveEntries(meta.id);
  const compressed = new Map<string, number>();
  const bytes = zip(entries, compressed);
  mkdirSync(RELEASE, { recursive: true });
  writeFileSync(join(RELEASE, name), bytes);
  for (const algorithm of ['md5', 'sha256'] as const) {
    const digest = createHash(algorithm).update(bytes).digest('hex');
    writeFileSync(join(RELEASE, `${name}.${algorithm}`), `${digest}  ${name}\n`);
  }
  process.stderr.write(
    `wrote release/${name} (${(bytes.length / 1024 / 1024).toFixed(1)} MiB) with .md5 and .sha256\n`
  );
  process.stderr.write(sizeTable(entries, compressed));
}

/** Each executable's size and what it adds to the zip (README "Executables and sizes" quotes these). */
function sizeTable(entries: readonly ZipEntry[], compressed: ReadonlyMap<string, number>): string {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`.padStart(10);
  const rows = entries
    .filter((e) => e.data !== undefined && e.path.split('/').pop()?.startsWith(`${EXECUTABLE}_`))
    .map(
      (e) =>
        `  ${(e.path.split('/').pop() ?? '').padEnd(42)}${mib(e.data?.length ?? 0)}${mib(compressed.get(e.path) ?? 0)}\n`
    );
  return `  ${'executable'.padEnd(42)}${'size'.padStart(10)}${'zipped'.padStart(10)}\n${rows.join('')}`;
}

if (import.meta.main) main();
