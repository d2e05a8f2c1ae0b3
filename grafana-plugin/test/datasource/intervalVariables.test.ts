import {
  interpolateIntervals,
  rateIntervalMs,
  type IntervalValues,
} from '../../backend/src/datasource/intervalVariables.ts';

const SIX_HOURS = 6 * 3_600_000;

describe('interval variables in anomaly expressions', () => {
  const values = (patch: Partial<IntervalValues> = {}): IntervalValues => ({
    stepMs: 15_000,
    requestedIntervalMs: 15_000,
    rangeMs: SIX_HOURS,
    scrapeIntervalMs: 15_000,
    ...patch,
  });
  const at = (expr: string, patch: Partial<IntervalValues> = {}) => interpolateIntervals(expr, values(patch));

  // Figures by hand from Grafana's rule: max(requested interval + S, 4 × S).
  it('$__rate_interval is max(requested interval + scrape interval, 4 scrape intervals), as in Grafana', () => {
    // 15 s + 15 s = 30 s < 4 × 15 s = 60 s
    expect(at('rate(x[$__rate_interval])')).toBe('rate(x[1m])');
    // 60 s + 15 s = 75 s > 60 s
    expect(at('rate(x[$__rate_interval])', { stepMs: 60_000, requestedIntervalMs: 60_000 })).toBe('rate(x[1m15s])');
    // 5 m + 1 m = 6 m > 4 m
    expect(
      at('rate(x[${__rate_interval}])', { stepMs: 300_000, requestedIntervalMs: 300_000, scrapeIntervalMs: 60_000 })
    ).toBe('rate(x[6m])');
    // 20 s + 30 s = 50 s < 4 × 30 s = 2 m
    expect(at('$__rate_interval_ms', { requestedIntervalMs: 20_000, scrapeIntervalMs: 30_000 })).toBe('120000');
    // sub-second scrape interval: 1 s + 250 ms = 1.25 s > 1 s, written exactly
    expect(at('rate(x[$__rate_interval])', { requestedIntervalMs: 1000, scrapeIntervalMs: 250 })).toBe(
      'rate(x[1s250ms])'
    );
  });

  it('uses the interval Grafana requested, not the widened step, as Grafana does', () => {
    // step widened to 22 s by maxDataPoints; Grafana's interval 20 s: 20 + 15 = 35 s < 60 s
    expect(rateIntervalMs(values({ stepMs: 22_000, requestedIntervalMs: 20_000 }))).toBe(60_000);
    // interval 2 m: 2 m + 15 s
    expect(rateIntervalMs(values({ stepMs: 180_000, requestedIntervalMs: 120_000 }))).toBe(135_000);
    // no interval in the request (0, negative) counts as 0: 4 × S
    expect(rateIntervalMs(values({ stepMs: 600_000, requestedIntervalMs: 0 }))).toBe(60_000);
    expect(rateIntervalMs(values({ requestedIntervalMs: -1, scrapeIntervalMs: 10_000 }))).toBe(40_000);
  });

  it("a query's own step stands in for the scrape interval (Grafana's min step)", () => {
    // max(15 s + 5 m, 4 × 5 m) = 20 m
    expect(at('rate(x[$__rate_interval])', { stepMs: 300_000, queryStepMs: 300_000 })).toBe('rate(x[20m])');
    // max(10 m + 1 m, 4 × 1 m) = 11 m
    expect(rateIntervalMs(values({ requestedIntervalMs: 600_000, queryStepMs: 60_000 }))).toBe(660_000);
  });

  it('a huge requested interval still gives a duration Prometheus can read', () => {
    expect(at('rate(x[$__rate_interval])', { requestedIntervalMs: 2 ** 60 })).toMatch(/^rate\(x\[\d+d15s\]\)$/);
  });

  it('$__interval is the step and $__range the panel range, in every form', () => {
    expect(at('sum_over_time(x[$__interval]) / $__interval_ms', { stepMs: 30_000 })).toBe(
      'sum_over_time(x[30s]) / 30000'
    );
    expect(at('increase(x[$__range]) / $__range_s + $__range_ms')).toBe('increase(x[6h]) / 21600 + 21600000');
    // $__range and $__range_s are rounded to whole seconds, $__range_ms is exact
    expect(at('$__range $__range_s $__range_ms', { rangeMs: 90_600 })).toBe('1m31s 91 90600');
  });

  it('leaves other text and variables alone', () => {
    expect(at('rate(x{a="$__intervalish"}[5m]) + $feature')).toBe('rate(x{a="$__intervalish"}[5m]) + $feature');
  });
});
