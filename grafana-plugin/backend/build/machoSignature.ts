import { createHash } from 'node:crypto';

/**
 * Mach-O code signatures, for the macOS executables, written without Apple's `codesign` (the build
 * runs on Linux). Node's macOS binaries carry the Node project's signature, which the SEA blob
 * breaks, and macOS on Apple silicon kills any unsigned or wrongly signed executable. So the
 * build removes the signature before injecting the blob (as `codesign --remove-signature`) and
 * signs ad hoc after (as `codesign --sign -`), in the form Apple's and Go's linkers write:
 * a SuperBlob holding one CodeDirectory with a SHA-256 hash of every 4 KiB page before the
 * signature, flags adhoc | linker-signed. Layouts: xnu `osfmk/kern/cs_blobs.h`, `<mach-o/loader.h>`.
 * Ad hoc means no identity: Gatekeeper still asks users to allow a downloaded file; it runs.
 */
const MH_MAGIC_64 = 0xfeedfacf;
const MH_EXECUTE = 2;
const HEADER_SIZE = 32;
const LC_SEGMENT_64 = 0x19;
export const LC_CODE_SIGNATURE = 0x1d;
const LINKEDIT_DATA_SIZE = 16;

export const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
export const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CS_ADHOC = 0x2;
const CS_LINKER_SIGNED = 0x20000;
const CS_HASHTYPE_SHA256 = 2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;
const HASH_SIZE = 32;
/** CodeDirectory version 0x20400 (with execSeg fields): 88 bytes before the identifier. */
const CODE_DIRECTORY_SIZE = 88;
const SUPERBLOB_HEADER = 12 + 8; // magic, length, count + one (type, offset) index entry
/** VM size granularity: 16 KiB pages on arm64 (a multiple of x86_64's 4 KiB). */
const VM_PAGE = 0x4000;

interface Segment {
  name: string;
  /** Offset of the load command in the file. */
  at: number;
  fileoff: number;
  filesize: number;
  /** Smallest file offset of a non-empty section (where the load commands must end). */
  firstSectionOffset: number;
}

interface MachO {
  ncmds: number;
  sizeofcmds: number;
  filetype: number;
  segments: Segment[];
  /** The LC_CODE_SIGNATURE command's offset in the file, if any. */
  codeSignatureAt: number | undefined;
}

function parse(file: Buffer): MachO {
  if (file.readUInt32LE(0) !== MH_MAGIC_64) throw new Error('not a 64-bit little-endian Mach-O file');
  const ncmds = file.readUInt32LE(16);
  const sizeofcmds = file.readUInt32LE(20);
  const segments: Segment[] = [];
  let codeSignatureAt: number | undefined;
  let at = HEADER_SIZE;
  for (let i = 0; i < ncmds; i++) {
    const cmd = file.readUInt32LE(at);
    const size = file.readUInt32LE(at + 4);
    if (cmd === LC_CODE_SIGNATURE) codeSignatureAt = at;
    if (cmd === LC_SEGMENT_64) {
      const nsects = file.readUInt32LE(at + 64);
      let firstSectionOffset = Infinity;
      for (let s = 0; s < nsects; s++) {
        const section = at + 72 + s * 80;
        const offset = file.readUInt32LE(section + 48);
        if (offset > 0 && file.readBigUInt64LE(section + 40) > 0n) {
          firstSectionOffset = Math.min(firstSectionOffset, offset);
        }
      }
      segments.push({
        name: file.toString('latin1', at + 8, at + 24).replace(/\0+$/, ''),
        at,
        fileoff: Number(file.readBigUInt64LE(at + 40)),
        filesize: Number(file.readBigUInt64LE(at + 48)),
        firstSectionOffset,
      });
    }
    at += size;
  }
  return { ncmds, sizeofcmds, filetype: file.readUInt32LE(12), segments, codeSignatureAt };
}

function segment(macho: MachO, name: string): Segment {
  const found = macho.segments.find((s) => s.name === name);
  if (found === undefined) throw new Error(`Mach-O file has no ${name} segment`);
  return found;
}

/** __LINKEDIT must be the last thing in the file: the signature is appended to it. */
function lastLinkedit(macho: MachO, fileLength: number): Segment {
  const linkedit = segment(macho, '__LINKEDIT');
  const end = Math.max(...macho.segments.map((s) => s.fileoff + s.filesize));
  if (linkedit.fileoff + linkedit.filesize !== end || end > fileLength) {
    throw new Error('Mach-O __LINKEDIT is not the last segment of the file: cannot place a signature');
  }
  return linkedit;
}

function setLinkeditSize(file: Buffer, linkedit: Segment, filesize: number): void {
  file.writeBigUInt64LE(BigInt(Math.ceil(filesize / VM_PAGE) * VM_PAGE), linkedit.at + 32); // vmsize
  file.writeBigUInt64LE(BigInt(filesize), linkedit.at + 48);
}

/** `codesign --remove-signature`: drops LC_CODE_SIGNATURE and the signature at the end of the file. */
export function removeSignature(input: Buffer): Buffer {
  const macho = parse(input);
  if (macho.codeSignatureAt === undefined) return input;
  const file = Buffer.from(input);
  const at = macho.codeSignatureAt;
  const dataoff = file.readUInt32LE(at + 8);
  const linkedit = lastLinkedit(macho, file.length);
  if (dataoff < linkedit.fileoff) throw new Error('Mach-O code signature lies outside __LINKEDIT');
  const commandsEnd = HEADER_SIZE + macho.sizeofcmds;
  file.copy(file, at, at + LINKEDIT_DATA_SIZE, commandsEnd);
  file.fill(0, commandsEnd - LINKEDIT_DATA_SIZE, commandsEnd);
  file.writeUInt32LE(macho.ncmds - 1, 16);
  file.writeUInt32LE(macho.sizeofcmds - LINKEDIT_DATA_SIZE, 20);
  setLinkeditSize(file, linkedit, dataoff - linkedit.fileoff);
  return file.subarray(0, dataoff);
}

/** `codesign --sign -` (ad hoc, linker-signed form) of an unsigned Mach-O executable. */
export function adhocSign(input: Buffer, identifier: string): Buffer {
  const macho = parse(input);
  if (macho.codeSignatureAt !== undefined) throw new Error('Mach-O file is already signed: remove it first');
  const linkedit = lastLinkedit(macho, input.length);
  const text = segment(macho, '__TEXT');
  const commandsEnd = HEADER_SIZE + macho.sizeofcmds;
  const firstSection = Math.min(...macho.segments.map((s) => s.firstSectionOffset));
  if (commandsEnd + LINKEDIT_DATA_SIZE > firstSection) {
    throw new Error('no room for LC_CODE_SIGNATURE between the load commands and the first section');
  }

  const codeLimit = Math.ceil(input.length / 16) * 16;
  const pages = Math.ceil(codeLimit / PAGE_SIZE);
  const id = Buffer.from(`${identifier}\0`, 'utf8');
  const hashOffset = CODE_DIRECTORY_SIZE + id.length;
  const directoryLength = hashOffset + pages * HASH_SIZE;
  const signatureSize = SUPERBLOB_HEADER + directoryLength;

  const file = Buffer.alloc(codeLimit + signatureSize);
  input.copy(file);
  file.writeUInt32LE(LC_CODE_SIGNATURE, commandsEnd);
  file.writeUInt32LE(LINKEDIT_DATA_SIZE, commandsEnd + 4);
  file.writeUInt32LE(codeLimit, commandsEnd + 8);
  file.writeUInt32LE(signatureSize, commandsEnd + 12);
  file.writeUInt32LE(macho.ncmds + 1, 16);
  file.writeUInt32LE(macho.sizeofcmds + LINKEDIT_DATA_SIZE, 20);
  setLinkeditSize(file, linkedit, codeLimit + signatureSize - linkedit.fileoff);

  // Blobs are big-endian, unlike the Mach-O file around them.
  let p = codeLimit;
  const u32 = (value: number) => (p = file.writeUInt32BE(value, p));
  const u64 = (value: number) => (p = file.writeBigUInt64BE(BigInt(value), p));
  const u8 = (value: number) => (p = file.writeUInt8(value, p));
  u32(CSMAGIC_EMBEDDED_SIGNATURE);
  u32(signatureSize);
  u32(1); // one blob
  u32(0); // CSSLOT_CODEDIRECTORY
  u32(SUPERBLOB_HEADER);
  u32(CSMAGIC_CODEDIRECTORY);
  u32(directoryLength);
  u32(0x20400); // version
  u32(CS_ADHOC | CS_LINKER_SIGNED);
  u32(hashOffset);
  u32(CODE_DIRECTORY_SIZE); // identOffset
  u32(0); // nSpecialSlots
  u32(pages); // nCodeSlots
  u32(codeLimit);
  u8(HASH_SIZE);
  u8(CS_HASHTYPE_SHA256);
  u8(0); // platform
  u8(PAGE_BITS);
  u32(0); // spare2
  u32(0); // scatterOffset
  u32(0); // teamOffset
  u32(0); // spare3
  u64(0); // codeLimit64 (codeLimit fits in 32 bits)
  u64(text.fileoff); // execSegBase
  u64(text.filesize); // execSegLimit
  u64(macho.filetype === MH_EXECUTE ? CS_EXECSEG_MAIN_BINARY : 0);
  p += id.copy(file, p);
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE_SIZE;
    const digest = createHash('sha256')
      .update(file.subarray(start, Math.min(start + PAGE_SIZE, codeLimit)))
      .digest();
    p += digest.copy(file, p);
  }
  return file;
}
