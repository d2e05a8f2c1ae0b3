import { type Sieve, type SieveOptions, startSieve } from '../../src/index.ts';

const started: Sieve[] = [];
afterEach(() => Promise.all(started.splice(0).map((s) => s.shutdown())));

/**
 * A library-mode Sieve (`prometheus: false`: nothing started, no reader), shut down after the
 * test. One left running says on stderr 120 s later that no reader collected it, in whatever
 * suite the reused Jest worker runs by then.
 */
export function librarySieve(options: Omit<SieveOptions, 'prometheus'>): Sieve {
  const sieve = startSieve({ ...options, prometheus: false });
  started.push(sieve);
  return sieve;
}
