import type { Server } from 'node:net';

/** Starts `server` (net or http) on a kernel-chosen 127.0.0.1 port and resolves with that port. */
export function listenLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error(`unexpected address ${address}`));
      else resolve(address.port);
    });
  });
}
