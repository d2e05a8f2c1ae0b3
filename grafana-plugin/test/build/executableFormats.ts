import { createHash } from 'node:crypto';

/**
 * Reads the built executables as each platform's loader would see them, written apart from the
 * build's own Mach-O and PE code so that a test does not check that code with itself. Layouts:
 * the ELF gABI, `<mach-o/loader.h>` and xnu `cs_blobs.h`, Microsoft's PE format spec.
 */
export interface ExecutableInfo {
  format: 'elf' | 'macho' | 'pe';
  arch: 'x64' | 'arm64' | 'other';
  /** The payload of the `NODE_SEA_BLOB` note / section / resource, where Node looks for it. */
  seaBlob: Buffer | undefined;
}

const cstring = (b: Buffer, at: number, max = 256) => b.toString('latin1', at, at + max).split('\0')[0] ?? '';

export function readExecutable(file: Buffer): ExecutableInfo {
  if (file.toString('latin1', 0, 4) === '\x7fELF') return readElf(file);
  if (file.readUInt32LE(0) === 0xfeedfacf) return readMachO(file);
  if (file.toString('latin1', 0, 2) === 'MZ') return readPe(file);
  throw new Error('unknown executable format');
}

// ELF64 little-endian: e_machine, program headers (PT_NOTE holds postject's note), section headers.
function readElf(file: Buffer): ExecutableInfo {
  if (file[4] !== 2 || file[5] !== 1) throw new Error('not a 64-bit little-endian ELF');
  const machine = file.readUInt16LE(18);
  const phoff = Number(file.readBigUInt64LE(32));
  const phentsize = file.readUInt16LE(54);
  let seaBlob: Buffer | undefined;
  for (let i = 0; i < file.readUInt16LE(56); i++) {
    const ph = phoff + i * phentsize;
    if (file.readUInt32LE(ph) !== 4) continue; // PT_NOTE
    let at = Number(file.readBigUInt64LE(ph + 8));
    const end = at + Number(file.readBigUInt64LE(ph + 32));
    while (at + 12 <= end) {
      const namesz = file.readUInt32LE(at);
      const descsz = file.readUInt32LE(at + 4);
      const name = file.toString('latin1', at + 12, at + 12 + namesz).replace(/\0+$/, '');
      const desc = at + 12 + Math.ceil(namesz / 4) * 4;
      if (name === 'NODE_SEA_BLOB') seaBlob = file.subarray(desc, desc + descsz);
      at = desc + Math.ceil(descsz / 4) * 4;
    }
  }
  return { format: 'elf', arch: machine === 0x3e ? 'x64' : machine === 0xb7 ? 'arm64' : 'other', seaBlob };
}

/** ELF section types present (SHT_SYMTAB = 2 is what stripping removes; SHT_DYNSYM = 11 stays). */
export function elfSectionTypes(file: Buffer): Set<number> {
  const shoff = Number(file.readBigUInt64LE(40));
  const shentsize = file.readUInt16LE(58);
  const types = new Set<number>();
  for (let i = 0; i < file.readUInt16LE(60); i++) types.add(file.readUInt32LE(shoff + i * shentsize + 4));
  return types;
}

interface LoadCommand {
  cmd: number;
  at: number;
}

function machoCommands(file: Buffer): LoadCommand[] {
  const commands: LoadCommand[] = [];
  let at = 32;
  for (let i = 0; i < file.readUInt32LE(16); i++) {
    commands.push({ cmd: file.readUInt32LE(at), at });
    at += file.readUInt32LE(at + 4);
  }
  return commands;
}

/** File offset of the LC_SEGMENT_64 command of segment `name`. */
export function machoSegmentCommand(file: Buffer, name: string): number | undefined {
  return machoCommands(file).find((c) => c.cmd === 0x19 && cstring(file, c.at + 8, 16) === name)?.at;
}

function readMachO(file: Buffer): ExecutableInfo {
  const cputype = file.readUInt32LE(4);
  let seaBlob: Buffer | undefined;
  for (const { cmd, at } of machoCommands(file)) {
    if (cmd !== 0x19 || cstring(file, at + 8, 16) !== 'NODE_SEA') continue; // LC_SEGMENT_64
    for (let s = 0; s < file.readUInt32LE(at + 64); s++) {
      const section = at + 72 + s * 80;
      if (cstring(file, section, 16) !== '__NODE_SEA_BLOB') continue;
      const offset = file.readUInt32LE(section + 48);
      seaBlob = file.subarray(offset, offset + Number(file.readBigUInt64LE(section + 40)));
    }
  }
  const arch = cputype === 0x01000007 ? 'x64' : cputype === 0x0100000c ? 'arm64' : 'other';
  return { format: 'macho', arch, seaBlob };
}

export interface MachOSignature {
  /** The signature is the last thing in the file and in __LINKEDIT. */
  atEndOfFile: boolean;
  inLinkedit: boolean;
  /** Where the signature starts. */
  dataoff: number;
  codeLimit: number;
  /** File offset of the first code page's hash. */
  hashesAt: number;
  /** CodeDirectory flags (CS_ADHOC = 0x2). */
  flags: number;
  identifier: string;
  hashType: number;
  pages: number;
  /** Pages whose SHA-256 differs from the one the CodeDirectory holds. */
  badPages: number;
}

/** The embedded signature an LC_CODE_SIGNATURE points at, with every page hash recomputed. */
export function machoSignature(file: Buffer): MachOSignature | undefined {
  const commands = machoCommands(file);
  const lc = commands.find((c) => c.cmd === 0x1d);
  if (lc === undefined) return undefined;
  const dataoff = file.readUInt32LE(lc.at + 8);
  const datasize = file.readUInt32LE(lc.at + 12);
  const linkedit = commands.find((c) => c.cmd === 0x19 && cstring(file, c.at + 8, 16) === '__LINKEDIT');
  const linkeditEnd =
    linkedit === undefined
      ? 0
      : Number(file.readBigUInt64LE(linkedit.at + 40) + file.readBigUInt64LE(linkedit.at + 48));
  if (file.readUInt32BE(dataoff) !== 0xfade0cc0) throw new Error('LC_CODE_SIGNATURE points at no SuperBlob');
  let directory: number | undefined;
  for (let i = 0; i < file.readUInt32BE(dataoff + 8); i++) {
    const entry = dataoff + 12 + i * 8;
    if (file.readUInt32BE(entry) === 0) directory = dataoff + file.readUInt32BE(entry + 4);
  }
  if (directory === undefined || file.readUInt32BE(directory) !== 0xfade0c02) {
    throw new Error('the SuperBlob holds no CodeDirectory');
  }
  const hashOffset = file.readUInt32BE(directory + 16);
  const pages = file.readUInt32BE(directory + 28);
  const codeLimit = file.readUInt32BE(directory + 32);
  const hashSize = file[directory + 36] as number;
  const pageSize = 2 ** (file[directory + 39] as number);
  let badPages = 0;
  for (let page = 0; page < pages; page++) {
    const start = page * pageSize;
    const actual = createHash('sha256')
      .update(file.subarray(start, Math.min(start + pageSize, codeLimit)))
      .digest();
    const stored = file.subarray(
      directory + hashOffset + page * hashSize,
      directory + hashOffset + (page + 1) * hashSize
    );
    if (!actual.equals(stored)) badPages++;
  }
  return {
    atEndOfFile: dataoff + datasize === file.length,
    inLinkedit: dataoff + datasize === linkeditEnd,
    dataoff,
    codeLimit,
    hashesAt: directory + hashOffset,
    flags: file.readUInt32BE(directory + 12),
    identifier: cstring(file, directory + file.readUInt32BE(directory + 20)),
    hashType: file[directory + 37] as number,
    pages,
    badPages,
  };
}

interface PeLayout {
  pe: number;
  optional: number;
  rvaToOffset(rva: number): number;
}

function peLayout(file: Buffer): PeLayout {
  const pe = file.readUInt32LE(0x3c);
  if (file.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('no PE signature');
  const optional = pe + 24;
  const sections = optional + file.readUInt16LE(pe + 20);
  const table = Array.from({ length: file.readUInt16LE(pe + 6) }, (_, i) => sections + i * 40).map((s) => ({
    rva: file.readUInt32LE(s + 12),
    size: Math.max(file.readUInt32LE(s + 8), file.readUInt32LE(s + 16)),
    raw: file.readUInt32LE(s + 20),
  }));
  return {
    pe,
    optional,
    rvaToOffset(rva) {
      const section = table.find((s) => rva >= s.rva && rva < s.rva + s.size);
      if (section === undefined) throw new Error(`RVA ${rva} is in no section`);
      return rva - section.rva + section.raw;
    },
  };
}

/** PE32+ data directory `index`: [address, size]. */
export function peDataDirectory(file: Buffer, index: number): [number, number] {
  const { optional } = peLayout(file);
  const entry = optional + 112 + index * 8;
  return [file.readUInt32LE(entry), file.readUInt32LE(entry + 4)];
}

// Resources: type RT_RCDATA (10) → name "NODE_SEA_BLOB" → first language → data entry.
function readPe(file: Buffer): ExecutableInfo {
  const layout = peLayout(file);
  const machine = file.readUInt16LE(layout.pe + 4);
  const arch = machine === 0x8664 ? 'x64' : machine === 0xaa64 ? 'arm64' : 'other';
  const [rsrcRva] = peDataDirectory(file, 2);
  if (rsrcRva === 0) return { format: 'pe', arch, seaBlob: undefined };
  const base = layout.rvaToOffset(rsrcRva);
  const entries = (dir: number) =>
    Array.from({ length: file.readUInt16LE(dir + 12) + file.readUInt16LE(dir + 14) }, (_, i) => ({
      name: file.readUInt32LE(dir + 16 + i * 8),
      target: file.readUInt32LE(dir + 20 + i * 8),
    }));
  const nameOf = (name: number) => {
    if ((name & 0x80000000) === 0) return name;
    const at = base + (name & 0x7fffffff);
    return file.toString('utf16le', at + 2, at + 2 + file.readUInt16LE(at) * 2);
  };
  const sub = (target: number) => base + (target & 0x7fffffff);
  const rcdata = entries(base).find((e) => nameOf(e.name) === 10);
  const named = rcdata && entries(sub(rcdata.target)).find((e) => nameOf(e.name) === 'NODE_SEA_BLOB');
  const language = named && entries(sub(named.target))[0];
  if (language === undefined) return { format: 'pe', arch, seaBlob: undefined };
  const data = sub(language.target);
  const offset = layout.rvaToOffset(file.readUInt32LE(data));
  return { format: 'pe', arch, seaBlob: file.subarray(offset, offset + file.readUInt32LE(data + 4)) };
}
