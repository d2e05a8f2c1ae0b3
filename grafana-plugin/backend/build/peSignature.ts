/**
 * Node's Windows binary is Authenticode-signed by the Node project; the SEA blob invalidates that
 * signature, and an invalid signature is worse than none (Windows reports the file as tampered
 * with). As `signtool remove /s` does before injecting (Node SEA docs), this drops it: the
 * certificate table (data directory 4, whose address is a file offset) is zeroed and the
 * certificates, which sit at the end of the file, cut off. Layout: Microsoft PE format spec.
 */
const PE32_PLUS = 0x20b;
const SECURITY_DIRECTORY = 4;

export function removeAuthenticode(input: Buffer): Buffer {
  if (input.toString('latin1', 0, 2) !== 'MZ') throw new Error('not a PE file (no MZ header)');
  const pe = input.readUInt32LE(0x3c);
  if (input.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('not a PE file (no PE signature)');
  const optional = pe + 24;
  if (input.readUInt16LE(optional) !== PE32_PLUS) throw new Error('not a PE32+ (64-bit) file');
  const directories = input.readUInt32LE(optional + 108);
  if (directories <= SECURITY_DIRECTORY) return input;
  const entry = optional + 112 + SECURITY_DIRECTORY * 8;
  const offset = input.readUInt32LE(entry);
  const size = input.readUInt32LE(entry + 4);
  if (offset === 0 || size === 0) return input;
  if (offset + size !== input.length) throw new Error('PE certificate table is not at the end of the file');
  const file = Buffer.from(input.subarray(0, offset));
  file.writeUInt32LE(0, entry);
  file.writeUInt32LE(0, entry + 4);
  file.writeUInt32LE(0, optional + 64); // CheckSum: no longer that of the file; 0 = not set
  return file;
}
