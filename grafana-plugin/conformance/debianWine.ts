import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE } from '../backend/build/paths.ts';
import { unpackDebianPackages } from './debianPackages.ts';

/**
 * Debian 13's Wine 10, unpacked (not installed) into .cache/wine/debian13 on a Debian 12 machine,
 * whose own Wine 8.0 cannot run Node 24 or Go 1.26 programs (see wine.ts). The packages come from
 * Debian's archive (debianPackages.ts); nothing on the system changes.
 *
 * Two adjustments make the unpacked Wine run on Debian 12's glibc 2.36:
 * - its Unix-side libraries ask for GLIBC_2.38 only for the C23 `__isoc23_strtol` family (strtol,
 *   sscanf, … that also accept 0b literals): those references are renamed to the classic functions
 *   and the version need to GLIBC_2.2.5 (`relinkForGlibc236`);
 * - paths: the `wineserver` script names the unpacked server; zlib1.dll (which Debian builds
 *   user32.dll against) goes into each prefix's system32 (`DEBIAN_ZLIB1`).
 */
const ROOT = join(CACHE, 'wine', 'debian13');
const UNPACKED = join(ROOT, 'root');
const READY = join(ROOT, '.ready');
const PACKAGES = ['wine64', 'libwine', 'libz-mingw-w64'];
export const DEBIAN_WINE_LOADER = join(UNPACKED, 'usr', 'lib', 'wine', 'wine64');
export const DEBIAN_ZLIB1 = join(UNPACKED, 'usr', 'x86_64-w64-mingw32', 'lib', 'zlib1.dll');

/** Unpacks Debian 13's Wine once; returns its wine64 loader. */
export function unpackDebianWine(): string {
  if (existsSync(READY)) return DEBIAN_WINE_LOADER;
  process.stderr.write(`conformance:windows: fetching Debian 13's ${PACKAGES.join(', ')} (~110 MB) with apt-get\n`);
  unpackDebianPackages({ dir: ROOT, suite: 'trixie', architecture: 'amd64', packages: PACKAGES });
  const unixLibs = join(UNPACKED, 'usr', 'lib', 'x86_64-linux-gnu', 'wine', 'x86_64-unix');
  const binaries = [
    DEBIAN_WINE_LOADER,
    join(UNPACKED, 'usr', 'lib', 'wine', 'wineserver64'),
    ...readdirSync(unixLibs).map((f) => join(unixLibs, f)),
  ];
  for (const file of binaries) {
    const bytes = readFileSync(file);
    if (relinkForGlibc236(bytes, file)) writeFileSync(file, bytes);
  }
  const script = join(UNPACKED, 'usr', 'lib', 'wine', 'wineserver');
  writeFileSync(
    script,
    readFileSync(script, 'utf8').replace(
      /^wineserver64=.*$/m,
      `wineserver64=${join(UNPACKED, 'usr/lib/wine/wineserver64')}`
    )
  );
  // wineboot finds it beside the builtin DLLs while it creates a prefix; programs find it in system32.
  copyFileSync(DEBIAN_ZLIB1, join(UNPACKED, 'usr', 'lib', 'x86_64-linux-gnu', 'wine', 'x86_64-windows', 'zlib1.dll'));
  writeFileSync(READY, `${PACKAGES.join(' ')}\n`);
  return DEBIAN_WINE_LOADER;
}

const C23_PREFIX = '__isoc23_';
const NEW_VERSION = 'GLIBC_2.38';
const OLD_VERSION = 'GLIBC_2.2.5';

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

function cString(bytes: Buffer, at: number): string {
  return bytes.toString('latin1', at, bytes.indexOf(0, at));
}

/** The SysV ELF hash of a version name (vna_hash). */
function elfHash(name: string): number {
  let h = 0;
  for (const c of Buffer.from(name, 'latin1')) {
    h = ((h << 4) + c) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h = (h & ~g) >>> 0;
  }
  return h;
}

/**
 * Rewrites, in place, an ELF64 file's need of GLIBC_2.38 as GLIBC_2.2.5 and its `__isoc23_X`
 * references as `X` (the name's own suffix in .dynstr). Throws if any other symbol needs 2.38.
 * Returns whether anything changed.
 */
export function relinkForGlibc236(bytes: Buffer, name: string): boolean {
  if (bytes.readUInt32BE(0) !== 0x7f454c46 || bytes[4] !== 2 || bytes[5] !== 1) return false;
  const shoff = Number(bytes.readBigUInt64LE(0x28));
  const [shentsize, shnum] = [bytes.readUInt16LE(0x3a), bytes.readUInt16LE(0x3c)];
  const sections: Section[] = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return {
      type: bytes.readUInt32LE(at + 4),
      offset: Number(bytes.readBigUInt64LE(at + 0x18)),
      size: Number(bytes.readBigUInt64LE(at + 0x20)),
      link: bytes.readUInt32LE(at + 0x28),
      entsize: Number(bytes.readBigUInt64LE(at + 0x38)),
    };
  });
  const verneed = sections.find((s) => s.type === 0x6ffffffe);
  const versym = sections.find((s) => s.type === 0x6fffffff);
  const dynsym = sections.find((s) => s.type === 11);
  if (!verneed || !versym || !dynsym) return false;
  const dynstr = sections[verneed.link] as Section;
  const oldName = bytes.indexOf(Buffer.from(`\0${OLD_VERSION}\0`, 'latin1'), dynstr.offset) + 1 - dynstr.offset;

  const patchedIndices = new Set<number>();
  for (let need = verneed.offset; ;) {
    const count = bytes.readUInt16LE(need + 2);
    let aux = need + bytes.readUInt32LE(need + 8);
    for (let i = 0; i < count; i++) {
      if (cString(bytes, dynstr.offset + bytes.readUInt32LE(aux + 8)) === NEW_VERSION) {
        if (oldName <= 0) throw new Error(`${name}: needs ${NEW_VERSION} but names no ${OLD_VERSION}`);
        bytes.writeUInt32LE(elfHash(OLD_VERSION), aux);
        bytes.writeUInt32LE(oldName, aux + 8);
        patchedIndices.add(bytes.readUInt16LE(aux + 6));
      }
      aux += bytes.readUInt32LE(aux + 12);
    }
    const next = bytes.readUInt32LE(need + 12);
    if (next === 0) break;
    need += next;
  }
  if (patchedIndices.size === 0) return false;
  for (let i = 0; i < dynsym.size / dynsym.entsize; i++) {
    if (!patchedIndices.has(bytes.readUInt16LE(versym.offset + 2 * i) & 0x7fff)) continue;
    const entry = dynsym.offset + i * dynsym.entsize;
    const symbol = cString(bytes, dynstr.offset + bytes.readUInt32LE(entry));
    if (!symbol.startsWith(C23_PREFIX)) throw new Error(`${name}: ${symbol} needs ${NEW_VERSION}`);
    bytes.writeUInt32LE(bytes.readUInt32LE(entry) + C23_PREFIX.length, entry);
  }
  return true;
}
