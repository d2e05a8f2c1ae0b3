import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { DETECTORS } from '@sieve/scoring';
import { assertUniqueSeriesLabels, ensureBuilt, launchPlugin, type PluginUnderTest } from '../harness/index.ts';
import { createDatasource } from '../../backend/src/datasource/index.ts';
import { MEASURE_LABEL } from '../../backend/src/datasource/driftFrames.ts';
import type { DataFrame } from '../../backend/src/sdk/index.ts';
import { dataQuery, instanceSettings, requestContext } from './handlerRequests.ts';
import { SCRAPE_INTERVAL, startSieveFixture, type SieveFixture } from './sieveFixture.ts';

/**
 * The datasource through the built executable, launched as Grafana launches it, against a real
 * Prometheus scraping the real instrumentation. Every frame is decoded and checked by the harness;
 * values must match what the datasource computes in process for the same request.
 */
const SECRET = 'e2e-bearer-7d1f0b';
let fx: SieveFixture;
let plugin: PluginUnderTest;
// The fixture's phases last seconds: with Grafana's default 15 s scrape interval as the minimum
// step, an alert query's grid could miss them entirely.
const jsonData = { timeInterval: SCRAPE_INTERVAL };
const settings = () => ({ url: fx.prometheus.url, jsonData, secureJsonData: { bearerToken: SECRET } });

beforeAll(async () => {
  [fx] = await Promise.all([startSieveFixture(), ensureBuilt()]);
  plugin = await launchPlugin();
}, 180_000);

afterAll(async () => {
  await plugin?.shutdown();
  await fx?.stop();
});

/** The same query answered in process, to compare decoded values with. */
async function inProcess(queryType: string, model: Record<string, unknown>, range: { fromMs: number; toMs: number }) {
  const ctx = requestContext(
    instanceSettings(fx.prometheus.url, { jsonData, decryptedSecureJsonData: { bearerToken: SECRET } })
  );
  const r = await createDatasource().queryData(ctx, dataQuery(queryType, model, range, { intervalMs: 15_000 }));
  if (!('frames' in r) || r.status !== 200) throw new Error(JSON.stringify(r));
  return r.frames as DataFrame[];
}

const nan = (v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? null : v);

describe('the built plugin, end to end', () => {
  it('answers drift, anomaly and failing queries in one request, each with its own status', async () => {
    const range = fx.phase2;
    const anomalyExpr = `sum by (${LABEL.feature}) (${METRICS.featureValue.prometheus.count})`;
    const res = await plugin.queryData(
      [
        { refId: 'table', queryType: 'drift', json: { format: 'table' }, timeRange: range },
        { refId: 'series', queryType: 'drift', json: { step: '1s', window: '3s' }, timeRange: range },
        { refId: 'anomaly', queryType: 'anomaly', json: { expr: anomalyExpr, step: '1s' }, timeRange: range },
        { refId: 'badjson', queryType: 'drift', json: '{"measure":', timeRange: range },
        { refId: 'badfield', queryType: 'drift', json: { measure: 'psx' }, timeRange: range },
        { refId: 'unknown', queryType: 'forecast', json: {}, timeRange: range },
        { refId: 'badpromql', queryType: 'anomaly', json: { expr: 'sum(' }, timeRange: range },
        { refId: 'reversed', queryType: 'drift', json: {}, timeRange: { fromMs: range.toMs, toMs: range.fromMs } },
      ],
      { settings: settings() }
    );

    for (const refId of ['table', 'series', 'anomaly']) expect(res[refId]).toMatchObject({ status: 200, error: '' });
    expect(res.badjson).toMatchObject({
      status: 400,
      errorSource: 'plugin',
      error: 'query: the query model is not valid JSON',
    });
    expect(res.badfield).toMatchObject({ status: 400, errorSource: 'plugin' });
    expect(res.badfield?.error).toMatch(/^drift query: field "measure": expected one of psi, /);
    expect(res.unknown).toMatchObject({ status: 400, error: expect.stringMatching(/unknown query type "forecast"/) });
    expect(res.badpromql).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(res.badpromql?.error).toMatch(/HTTP 400: bad_data/);
    expect(res.reversed).toMatchObject({ status: 400, error: expect.stringMatching(/field "timeRange"/) });
    for (const r of Object.values(res)) {
      if (r.status !== 200) expect(r.frames).toEqual([]);
    }
    expect(JSON.stringify(res, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(SECRET);

    // Table: the same values as in process, feature/value/verdict columns.
    const [table] = res.table?.frames ?? [];
    const [expectedTable] = await inProcess('drift', { format: 'table' }, range);
    expect(table?.fields.map((f) => [f.name, f.type])).toEqual([
      ['feature', 'string'],
      ['psi', 'number'],
      ['verdict', 'string'],
      ['band', 'string'],
      ['p_value', 'number'],
      ['noise_floor', 'number'],
      ['reference_n', 'number'],
      ['current_n', 'number'],
      ['effective_n', 'number'],
    ]);
    expect(table?.fields.map((f) => f.values)).toEqual(
      expectedTable?.fields.map((f) => Array.from(f.values as ArrayLike<unknown>, nan))
    );

    // Time series: one frame per feature, labels on the value field, ns timestamps decoded to ms.
    const series = res.series?.frames ?? [];
    const expectedSeries = await inProcess('drift', { step: '1s', window: '3s' }, range);
    expect(series.map((f) => f.fields[1]?.labels)).toEqual(expectedSeries.map((f) => f.fields[1]?.labels));
    series.forEach((frame, i) => {
      expect(frame.fields[0]?.type).toBe('time');
      expect(frame.fields[1]?.labels?.feature).toBeDefined();
      expect(frame.fields[1]?.values).toEqual(
        Array.from(expectedSeries[i]?.fields[1]?.values as ArrayLike<number>, nan)
      );
      expect(frame.fields[0]?.values).toEqual(Array.from(expectedSeries[i]?.fields[0]?.values as ArrayLike<number>));
    });

    // Anomaly: per series, one timeseries-multi frame per series_kind; the anomaly flag as 0/1 or null.
    const anomaly = res.anomaly?.frames ?? [];
    const kinds = ['value', 'expected', 'lower', 'upper', 'score', 'anomaly'];
    expect(anomaly.map((f) => f.fields.map((x) => `${x.name}:${x.type}`))).toEqual(
      [...kinds, ...kinds].map((kind) => ['time:time', `${kind}:number`])
    );
    expect(anomaly.map((f) => f.fields[1]?.labels)).toEqual(
      ['shifted_num', 'stable_num'].flatMap((feature) =>
        kinds.map((kind) => ({ [LABEL.feature]: feature, series_kind: kind }))
      )
    );
    for (const frame of anomaly) expect(frame.meta?.type).toBe('timeseries-multi');
    // 0/1 where the detector scored the point, null (no "normal") where it had not warmed up yet.
    for (const frame of anomaly.filter((f) => f.fields[1]?.name === 'anomaly')) {
      for (const v of frame.fields[1]?.values ?? []) expect([0, 1, null]).toContain(v);
    }
  });

  it('answers alert-style requests with numeric frames whose label sets are unique', async () => {
    const res = await plugin.queryData(
      [
        { refId: 'drift', queryType: 'drift', json: {}, timeRange: fx.phase2 },
        {
          refId: 'anomaly',
          queryType: 'anomaly',
          json: { expr: `sum by (${LABEL.feature}) (${METRICS.featureValue.prometheus.count})` },
          timeRange: fx.phase2,
        },
      ],
      { settings: settings(), fromAlert: true }
    );
    for (const refId of ['drift', 'anomaly']) {
      const frames = res[refId]?.frames ?? [];
      expect(res[refId]?.status).toBe(200);
      expect(frames.length).toBeGreaterThan(0);
      assertUniqueSeriesLabels(frames);
      for (const frame of frames) {
        expect(frame.meta).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
        expect(frame.fields.map((f) => f.type)).toEqual(['number']);
      }
    }
    expect(res.drift?.frames.map((f) => f.fields[0]?.labels)).toEqual([
      { [LABEL.feature]: 'country', [MEASURE_LABEL]: 'psi' },
      { [LABEL.feature]: 'shifted_num', [MEASURE_LABEL]: 'psi' },
      { [LABEL.feature]: 'stable_num', [MEASURE_LABEL]: 'psi' },
    ]);
  });

  it('completes 200 concurrent drift calls against Prometheus, each with the answer of a single call', async () => {
    const request = () =>
      plugin.queryData([{ refId: 'A', queryType: 'drift', json: { format: 'table' }, timeRange: fx.phase2 }], {
        settings: settings(),
      });
    const single = await request();
    expect(single.A).toMatchObject({ status: 200, error: '' });
    expect(single.A?.frames[0]?.length).toBe(3);
    const results = await Promise.all(Array.from({ length: 200 }, request));
    for (const res of results) expect(res).toEqual(single);
  });

  it('gives upstream failures and out-of-bounds ranges and steps their own status through the executable', async () => {
    // A Prometheus stand-in failing in the way the first path segment names.
    const upstream = createServer((req, res) => {
      const mode = req.url?.split('/')[1];
      if (mode === 'server-error') {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'ingesters are down' }));
      } else if (mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>Welcome to nginx!</html>');
      } // 'slow': never answers
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const anomaly = (mode: string) =>
      plugin.queryData([{ refId: 'A', queryType: 'anomaly', json: { expr: 'up' }, timeRange: fx.phase2 }], {
        settings: { url: `${base}/${mode}`, jsonData: { timeoutSeconds: 1 } },
      });
    try {
      const [serverError, garbage, slow] = await Promise.all(['server-error', 'garbage', 'slow'].map(anomaly));
      expect(serverError.A).toMatchObject({ status: 502, errorSource: 'downstream', frames: [] });
      expect(serverError.A?.error).toMatch(/HTTP 503: unavailable: ingesters are down/);
      expect(garbage.A).toMatchObject({ status: 502, errorSource: 'downstream', frames: [] });
      expect(garbage.A?.error).toMatch(/not a Prometheus API response/);
      expect(slow.A).toMatchObject({ status: 504, errorSource: 'downstream', frames: [] });
    } finally {
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }

    const day = { fromMs: fx.phase2.toMs - 86_400_000, toMs: fx.phase2.toMs };
    const res = await plugin.queryData(
      [
        { refId: 'huge', queryType: 'drift', json: {}, timeRange: { fromMs: 0, toMs: 6 * 365 * 86_400_000 } },
        { refId: 'negativeStep', queryType: 'drift', json: { step: '-5m' }, timeRange: day },
        { refId: 'tooManySteps', queryType: 'anomaly', json: { expr: 'up', step: '1s' }, timeRange: day },
      ],
      { settings: settings() }
    );
    expect(res.huge).toMatchObject({ status: 400, errorSource: 'plugin', error: expect.stringMatching(/"timeRange"/) });
    expect(res.negativeStep).toMatchObject({ status: 400, error: expect.stringMatching(/field "step"/) });
    expect(res.tooManySteps).toMatchObject({
      status: 400,
      error: expect.stringMatching(/field "step".*11000 maximum/),
    });
  });

  it('serves resources and health', async () => {
    const json = async (path: string, method = 'GET') => {
      const r = await plugin.callResource(path, settings(), { method });
      expect(r.headers['content-type']).toEqual(['application/json']);
      return { status: r.status, body: JSON.parse(r.body.toString('utf8')) as unknown };
    };
    expect(await json('features')).toEqual({ status: 200, body: ['country', 'shifted_num', 'stable_num'] });
    expect(await json('pipelines')).toEqual({ status: 200, body: ['etl'] });
    expect(await json('models')).toEqual({ status: 200, body: ['ranker'] });
    const detectors = await json('detectors');
    expect((detectors.body as Array<{ name: string }>).map((d) => d.name)).toEqual(Object.keys(DETECTORS));
    expect((await json('nope')).status).toBe(404);
    expect((await json('features', 'POST')).status).toBe(405);

    const health = await plugin.checkHealth(settings());
    expect(health).toMatchObject({ status: 'OK', details: { pipelines: 1, features: 3, models: 1 } });
    const down = await plugin.checkHealth({ url: 'http://127.0.0.1:9', secureJsonData: { bearerToken: SECRET } });
    expect(down.status).toBe('ERROR');
    expect(down.message).toMatch(/is unreachable/);
    expect(JSON.stringify(down)).not.toContain(SECRET);
  });
});
