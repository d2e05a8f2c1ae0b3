import { interpolateIntervals } from '../../backend/src/datasource/intervalVariables.ts';

describe('interval variables in anomaly expressions', () => {
  const at = (expr: string, stepMs: number, scrapeIntervalMs?: number) =>
    interpolateIntervals(expr, { stepMs, rangeMs: 6 * 3_600_000, ...(scrapeIntervalMs ? { scrapeIntervalMs } : {}) });

  it('$__rate_interval is max(step + scrape interval, 4 scrape intervals), as in Grafana', () => {
    expect(at('rate(x[$__rate_interval])', 15_000)).toBe('rate(x[1m])');
    expect(at('rate(x[$__rate_interval])', 60_000)).toBe('rate(x[1m15s])');
    expect(at('rate(x[${__rate_interval}])', 300_000, 60_000)).toBe('rate(x[6m])');
    expect(at('$__rate_interval_ms', 15_000)).toBe('60000');
  });

  it('$__interval is the step and $__range the panel range, in every form', () => {
    expect(at('sum_over_time(x[$__interval]) / $__interval_ms', 30_000)).toBe('sum_over_time(x[30s]) / 30000');
    expect(at('increase(x[$__range]) / $__range_s + $__range_ms', 30_000)).toBe('increase(x[6h]) / 21600 + 21600000');
  });

  it('leaves other text and variables alone', () => {
    expect(at('rate(x{a="$__intervalish"}[5m]) + $feature', 15_000)).toBe('rate(x{a="$__intervalish"}[5m]) + $feature');
  });
});
