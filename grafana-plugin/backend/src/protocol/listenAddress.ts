import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the gRPC server listens, as go-plugin's own Go servers do (protocol doc addendum): on
 * Unix a socket in a fresh owner-only directory, under PLUGIN_UNIX_SOCKET_DIR when the host sets
 * it (Grafana's container mode) or the temp directory otherwise; with PLUGIN_UNIX_SOCKET_GROUP the
 * directory and socket are opened to that group. TCP on 127.0.0.1 is the fallback (Windows, or a
 * socket that cannot be created).
 */
export type ListenAddress = { network: 'unix'; path: string; dir: string } | { network: 'tcp'; host: string };

export const LOOPBACK = '127.0.0.1';
/** sun_path holds 108 bytes including the terminating NUL on Linux (104 on macOS). */
const MAX_SOCKET_PATH = 103;

export function unixSocketAddress(
  env: Readonly<Record<string, string | undefined>>
): Extract<ListenAddress, { network: 'unix' }> {
  const base = env.PLUGIN_UNIX_SOCKET_DIR || tmpdir();
  const dir = mkdtempSync(join(base, 'sieve-plugin-')); // mode 0700
  const path = join(dir, 'plugin.sock');
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes`);
  }
  return { network: 'unix', path, dir };
}

/** After binding: open the directory (search only) and socket to PLUGIN_UNIX_SOCKET_GROUP. */
export function shareWithGroup(address: ListenAddress, group: string | undefined): void {
  if (address.network !== 'unix' || !group) return;
  const gid = /^\d+$/.test(group) ? Number(group) : groupId(group);
  chownSync(address.dir, -1, gid);
  chmodSync(address.dir, 0o710);
  chownSync(address.path, -1, gid);
  chmodSync(address.path, 0o660);
}

function groupId(name: string): number {
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const [group, , gid] = line.split(':');
    if (group === name && gid !== undefined) return Number(gid);
  }
  throw new Error(`PLUGIN_UNIX_SOCKET_GROUP: no group named ${name}`);
}

export function removeSocket(address: ListenAddress): void {
  if (address.network === 'unix') rmSync(address.dir, { recursive: true, force: true });
}

/** The handshake's NETWORK|ADDRESS fields. */
export function handshakeAddress(address: ListenAddress, port: number): { network: 'unix' | 'tcp'; address: string } {
  return address.network === 'unix'
    ? { network: 'unix', address: address.path }
    : { network: 'tcp', address: `${address.host}:${port}` };
}
