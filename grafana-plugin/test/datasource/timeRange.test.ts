import type { DataQuery } from '../../backend/src/sdk/index.ts';
import { ValidationError } from '../../backend/src/datasource/errors.ts';
import { buildGrid, MAX_POINTS } from '../../backend/src/datasource/timeRange.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

function query(fromMs: number, toMs: number, extra: Partial<DataQuery> = {}): DataQuery {
  return {
    refId: 'A',
    queryType: 'drift',
    maxDataPoints: 1000,
    intervalMs: 15_000,
    timeRange: { fromMs, toMs },
    json: '{}',
    ...extra,
  };
}

describe('buildGrid', () => {
  it("uses Grafana's interval and aligns start and end to the step", () => {
    expect(buildGrid(query(T0 + 7_000, T0 + HOUR + 7_000), 'drift', undefined)).toEqual({
      startMs: T0,
      endMs: T0 + HOUR,
      stepMs: 15_000,
      fromMs: T0 + 7_000,
      toMs: T0 + HOUR + 7_000,
    });
  });

  it('widens the step so that neither maxDataPoints nor the Prometheus limit is exceeded', () => {
    const g = buildGrid(query(T0, T0 + 24 * HOUR, { intervalMs: 1000, maxDataPoints: 43_200 }), 'drift', undefined);
    expect((g.endMs - g.startMs) / g.stepMs + 1).toBeLessThanOrEqual(MAX_POINTS);
    const small = buildGrid(query(T0, T0 + 24 * HOUR, { intervalMs: 1000, maxDataPoints: 100 }), 'drift', undefined);
    expect((small.endMs - small.startMs) / small.stepMs + 1).toBeLessThanOrEqual(101);
  });

  it("never steps finer than the datasource's scrape interval, unless the query sets its own step", () => {
    // An alert rule's 1 s interval over an hour: 3601 points, most repeating a sample scraped every 30 s.
    const alert = query(T0, T0 + HOUR, { intervalMs: 1000, maxDataPoints: 43_200 });
    expect(buildGrid(alert, 'anomaly', undefined, 30_000).stepMs).toBe(30_000);
    expect(buildGrid(alert, 'anomaly', undefined).stepMs).toBe(1000);
    expect(buildGrid(query(T0, T0 + HOUR, { intervalMs: 60_000 }), 'drift', undefined, 15_000).stepMs).toBe(60_000);
    expect(buildGrid(alert, 'anomaly', 10_000, 30_000).stepMs).toBe(10_000);
  });

  it('rejects an explicit step that needs too many points, naming the field', () => {
    expect(() => buildGrid(query(T0, T0 + 24 * HOUR), 'drift', 1000)).toThrow(
      new ValidationError(
        'drift query: field "step": 86401 points per series exceed the 11000 maximum; use a larger step or a shorter range'
      )
    );
    expect(() => buildGrid(query(T0, T0 + HOUR), 'anomaly', 10)).toThrow(
      'anomaly query: field "step": must be at least 1s'
    );
  });

  it('rejects reversed, empty, negative and huge ranges', () => {
    for (const [from, to] of [
      [T0, T0],
      [T0 + HOUR, T0],
      [-HOUR, T0],
      [NaN, T0],
      [0, 6 * 365 * 24 * HOUR],
    ] as const) {
      expect(() => buildGrid(query(from, to), 'drift', undefined)).toThrow(/^drift query: field "timeRange"/);
    }
  });
});
