import { createServer } from 'node:net';
import { listenLoopback } from './listenLoopback.ts';

/** Asks the kernel for a free loopback port (free when this resolves; another process may take it later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listenLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
