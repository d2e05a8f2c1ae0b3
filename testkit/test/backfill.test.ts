import { startBackfilledPrometheus } from '../src/backfill.ts';

describe('startBackfilledPrometheus', () => {
  it('serves samples written as OpenMetrics, hours in the past', async () => {
    const t0 = Math.floor(Date.now() / 1000) - 6 * 3600;
    const lines = ['# TYPE backfill_test gauge\n'];
    for (let i = 0; i <= 60; i++) lines.push(`backfill_test{series="a"} ${i} ${t0 + i * 60}\n`);
    lines.push('# EOF\n');
    const prom = await startBackfilledPrometheus(() => lines);
    try {
      const params = new URLSearchParams({ query: 'backfill_test', time: String(t0 + 30 * 60) });
      const body = (await (await fetch(`${prom.url}/api/v1/query?${params}`)).json()) as {
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      expect(body.data.result).toEqual([
        { metric: { __name__: 'backfill_test', series: 'a' }, value: [t0 + 30 * 60, '30'] },
      ]);
    } finally {
      await prom.stop();
    }
  });
});
