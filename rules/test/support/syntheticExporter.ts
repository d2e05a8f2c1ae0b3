import { createServer, type Server } from 'node:http';
import { listenLoopback } from '@sieve/testkit';
import { matchers } from '../../src/promql.ts';

/**
 * A Prometheus endpoint whose series a test sets directly: gauges hold a value, counters grow at a
 * rate per second between scrapes. It stands in for an instrumented job when a test needs exact
 * inputs (a 25 s PSI blip, a 7% error rate) rather than a real workload; the names come from the
 * catalog. `kill()` makes it vanish the way a dead job does (scrapes fail, series go stale).
 */
export interface SyntheticExporter {
  /** host:port for a scrape config. */
  readonly target: string;
  gauge(name: string, labels: Record<string, string>, value: number | undefined): void;
  counterRate(name: string, labels: Record<string, string>, perSecond: number): void;
  kill(): Promise<void>;
}

export async function startSyntheticExporter(): Promise<SyntheticExporter> {
  const gauges = new Map<string, number>();
  const counters = new Map<string, { value: number; rate: number; at: number }>();
  const advance = () => {
    const now = Date.now();
    for (const c of counters.values()) {
      c.value += (c.rate * (now - c.at)) / 1000;
      c.at = now;
    }
  };
  const server: Server = createServer((_, res) => {
    advance();
    const lines = [...gauges].map(([k, v]) => `${k} ${v}`);
    lines.push(...[...counters].map(([k, c]) => `${k} ${c.value}`));
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(lines.join('\n') + '\n');
  });
  const port = await listenLoopback(server);
  return {
    target: `127.0.0.1:${port}`,
    gauge(name, labels, value) {
      const key = `${name}${matchers(labels)}`;
      if (value === undefined) gauges.delete(key);
      else gauges.set(key, value);
    },
    counterRate(name, labels, perSecond) {
      advance();
      const key = `${name}${matchers(labels)}`;
      const c = counters.get(key) ?? { value: 0, rate: 0, at: Date.now() };
      c.rate = perSecond;
      counters.set(key, c);
    },
    kill: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
