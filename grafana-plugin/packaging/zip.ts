import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3: local headers, central directory, end record; no ZIP64,
 * so under 4 GiB and 65535 entries). Entries carry Unix modes in the external attributes, which is
 * where `grafana cli plugins install` and the plugin validator read the executables' run bits.
 */
export interface ZipEntry {
  /** Forward slashes; directories end with `/`. */
  path: string;
  /** Omitted for directories. */
  data?: Uint8Array;
  /** Unix permission bits, e.g. 0o755. */
  mode: number;
}

/** 1980-01-01 00:00, the DOS epoch: a fixed time makes the archive depend on content only. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

/** Deflated bodies by data: the per-platform archives reuse the all-platform archive's work. */
const deflateMemo = new WeakMap<Uint8Array, Buffer>();

function deflate(data: Uint8Array): Buffer {
  let body = deflateMemo.get(data);
  if (body === undefined) {
    body = deflateRawSync(data, { level: 6 });
    deflateMemo.set(data, body);
  }
  return body;
}

/** `compressed`, when given, receives each file's stored size (what the entry costs in the archive). */
export function zip(entries: readonly ZipEntry[], compressed?: Map<string, number>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.path, 'utf8');
    const isDir = entry.path.endsWith('/');
    const data = isDir ? new Uint8Array() : (entry.data ?? new Uint8Array());
    const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const deflated = raw.length > 0 ? deflate(data) : raw;
    const method = deflated.length < raw.length ? 8 : 0;
    const body = method === 8 ? deflated : raw;
    const crc = crc32(raw);
    if (!isDir) compressed?.set(entry.path, body.length);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0: external attributes hold the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    const unixMode = (isDir ? S_IFDIR : S_IFREG) | entry.mode;
    central.writeUInt32LE(((unixMode << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
