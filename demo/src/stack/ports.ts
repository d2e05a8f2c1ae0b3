import { createServer } from 'node:net';
import { freePort } from '@sieve/testkit';

/** `preferred` if it is free on `host`, else any free port: `npm start` keeps the usual ports when it can. */
export async function portFor(host: string, preferred: number | undefined): Promise<number> {
  if (preferred === undefined) return freePort();
  const free = await new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(preferred, host, () => s.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}
