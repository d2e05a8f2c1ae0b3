import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DIST, EXECUTABLE, executableName, TARGETS, WORKSPACE, type Target } from '../backend/build/paths.ts';
import { zip, type ZipEntry } from './zip.ts';

/**
 * The last step of `npm run build`: dist/ as `release/<id>-<version>.zip` with a top folder named
 * after the plugin id (what `grafana cli plugins install` and the validator expect), executables
 * with their run bits, and `.md5` / `.sha256` files in `md5sum` / `sha256sum -c` format beside it;
 * the same per platform, with that platform's executable only.
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

/** `<id>-<version>.<os>_<arch>.zip`: one platform's executable only, as Grafana's own plugins ship. */
export function platformArchiveName(target: Target, meta = pluginMeta()): string {
  return `${meta.id}-${meta.version}.${target.goOs}_${target.goArch}.zip`;
}

function isExecutable(entry: ZipEntry): boolean {
  return entry.data !== undefined && (entry.path.split('/').pop() ?? '').startsWith(`${EXECUTABLE}_`);
}

function writeArchive(name: string, bytes: Buffer): void {
  writeFileSync(join(RELEASE, name), bytes);
  for (const algorithm of ['md5', 'sha256'] as const) {
    const digest = createHash(algorithm).update(bytes).digest('hex');
    writeFileSync(join(RELEASE, `${name}.${algorithm}`), `${digest}  ${name}\n`);
  }
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * The all-platform archive, then one per platform in dist/ (an executable is deflated once:
 * zip() remembers). Prints each executable's size, what it adds zipped, and its platform's
 * archive (README "Executables and sizes" quotes these).
 */
function main(): void {
  const meta = pluginMeta();
  const entries = archiveEntries(meta.id);
  const compressed = new Map<string, number>();
  const all = zip(entries, compressed);
  mkdirSync(RELEASE, { recursive: true });
  writeArchive(archiveName(meta), all);
  const rows = [['executable', 'size', 'zipped', 'platform archive']];
  for (const target of TARGETS) {
    const exe = entries.find((e) => e.path === `${meta.id}/${executableName(target)}`);
    if (exe?.data === undefined) continue;
    const name = platformArchiveName(target, meta);
    const bytes = zip(entries.filter((e) => !isExecutable(e) || e === exe));
    writeArchive(name, bytes);
    rows.push([executableName(target), mib(exe.data.length), mib(compressed.get(exe.path) ?? 0), mib(bytes.length)]);
  }
  process.stderr.write(`wrote release/${archiveName(meta)} (${mib(all.length)}, every platform) and one per platform`);
  process.stderr.write(', each with .md5 and .sha256\n');
  for (const [name = '', size = '', zipped = '', archive = ''] of rows) {
    process.stderr.write(`  ${name.padEnd(40)}${size.padStart(11)}${zipped.padStart(11)}${archive.padStart(18)}\n`);
  }
}

if (import.meta.main) main();
