import { startPrometheus, type PrometheusServer } from '@sieve/testkit';
import { ensureBuilt, launchPlugin, type PluginUnderTest } from './harness/index.ts';

/**
 * Successful queries through the built executable against a real (empty) Prometheus: the frames
 * must decode under Grafana's rules (the harness throws otherwise), and a failing query in the
 * same request must not disturb a succeeding one.
 */
let prometheus: PrometheusServer;
let plugin: PluginUnderTest;

beforeAll(async () => {
  await ensureBuilt();
  prometheus = await startPrometheus({});
  plugin = await launchPlugin();
}, 180_000);

afterAll(async () => {
  await plugin?.kill();
  await prometheus?.stop();
});

const now = Date.now();
const range = { fromMs: now - 30 * 60_000, toMs: now };

it('returns decodable frames for a succeeding query next to failing ones in the same request', async () => {
  const settings = { url: prometheus.url };
  const res = await plugin.queryData(
    [
      { refId: 'ok', queryType: 'anomaly', json: { expr: 'vector(1)' }, timeRange: range, intervalMs: 60_000 },
      { refId: 'unknown', queryType: 'no-such-type', timeRange: range },
      { refId: 'invalid', queryType: 'anomaly', json: '{"expr": ', timeRange: range },
    ],
    { settings }
  );
  expect(res.ok!.error).toBe('');
  expect(res.ok!.status).toBe(200);
  // One series (vector(1)): one timeseries-multi frame per series_kind, each [time, <kind>].
  expect(res.ok!.frames.map((f) => f.fields.map((x) => `${x.name}: ${x.arrowType}`))).toEqual(
    ['value', 'expected', 'lower', 'upper', 'score', 'anomaly'].map((kind) => [
      'time: Timestamp<NANOSECOND>',
      `${kind}: Float64`,
    ])
  );
  for (const frame of res.ok!.frames) {
    expect(frame.refId).toBe('ok');
    expect(frame.meta).toMatchObject({ type: 'timeseries-multi', typeVersion: [0, 1] });
    const [time, value] = frame.fields;
    expect(value!.labels).toEqual({ series_kind: value!.name });
    expect(time!.values.length).toBeGreaterThan(0);
    for (const ms of time!.values as number[]) {
      expect(ms).toBeGreaterThanOrEqual(range.fromMs - 60_000);
      expect(ms).toBeLessThanOrEqual(range.toMs + 60_000);
    }
  }
  expect(new Set(res.ok!.frames[0]!.fields[1]!.values)).toEqual(new Set([1]));
  expect(new Set(res.ok!.frames[5]!.fields[1]!.values)).toEqual(new Set([0]));
  expect(res.unknown).toMatchObject({ status: 400, errorSource: 'plugin', frames: [] });
  expect(res.invalid).toMatchObject({ status: 400, errorSource: 'plugin', frames: [] });
});

it('returns frames for the same query sent as an alert evaluation', async () => {
  const res = await plugin.queryData(
    [{ refId: 'A', queryType: 'anomaly', json: { expr: 'vector(1)' }, timeRange: range, intervalMs: 60_000 }],
    { settings: { url: prometheus.url }, fromAlert: true }
  );
  expect(res.A!.status).toBe(200);
  expect(res.A!.frames.map((f) => [f.meta?.type, f.fields.map((x) => `${x.name}: ${x.arrowType}`)])).toEqual([
    ['numeric-multi', ['score: Float64']],
  ]);
});
