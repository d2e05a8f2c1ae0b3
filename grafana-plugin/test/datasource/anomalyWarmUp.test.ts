import { DETECTORS } from '@sieve/scoring';
import { createDatasource } from '../../backend/src/datasource/index.ts';
import type { DataFrame, DataResponse } from '../../backend/src/sdk/index.ts';
import { json, startUpstream, type ScriptedUpstream } from '../upstream/scriptedUpstream.ts';
import { dataQuery, instanceSettings, requestContext } from './handlerRequests.ts';

/**
 * A detector that has not seen enough of a series (a new model, a new label value, a stack a few
 * minutes old) must not call its points normal: score and anomaly are null, a notice says how far
 * it is, and an alert rule gets no value (NoData) for that series. The upstream stands in for a
 * Prometheus holding one long-lived and one five-minute-old series; the datasource runs for real.
 */

const STEP_S = 15;
const YOUNG_POINTS = 20;
const WARMUP = DETECTORS.zscore.params['warmup']!.default;
const EXPR = 'sum by (job) (rate(requests_total[$__rate_interval]))';

let upstream: ScriptedUpstream;
const sentQueries: string[] = [];

beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const start = Number(url.searchParams.get('start'));
    const end = Number(url.searchParams.get('end'));
    const step = Number(url.searchParams.get('step'));
    sentQueries.push(url.searchParams.get('query') ?? '');
    const grid: number[] = [];
    for (let t = start; t <= end; t += step) grid.push(t);
    const values = (times: number[]) => times.map((t, i) => [t, String(10 + Math.sin(i / 3) + (i % 7) / 10)]);
    json(res, 200, {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { job: 'old' }, values: values(grid) },
          { metric: { job: 'young' }, values: values(grid.slice(-YOUNG_POINTS)) },
        ],
      },
    });
  });
});
afterAll(() => upstream.close());

async function frames(fromAlert: boolean): Promise<DataFrame[]> {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const query = dataQuery(
    'anomaly',
    { expr: EXPR, detector: 'zscore', step: `${STEP_S}s` },
    { fromMs: now - 3_600_000, toMs: now },
    { intervalMs: STEP_S * 1000 }
  );
  const response: DataResponse = await createDatasource().queryData(
    requestContext(instanceSettings(upstream.url), { fromAlert }),
    query
  );
  if (!('frames' in response) || response.status !== 200) throw new Error(JSON.stringify(response));
  return response.frames ?? [];
}

function field(all: DataFrame[], job: string, kind: string): number[] {
  const frame = all.find((f) => f.fields[1]?.labels?.['job'] === job && f.fields[1]?.name === kind);
  if (!frame) throw new Error(`no ${kind} frame for ${job}`);
  return Array.from(frame.fields[1]!.values as ArrayLike<number>);
}

describe('anomaly query on a series younger than the warm-up', () => {
  it('gives null score and anomaly (not 0, "normal") where the detector has not scored, and says so', async () => {
    const all = await frames(false);
    expect(field(all, 'young', 'value')).toHaveLength(YOUNG_POINTS);
    expect(field(all, 'young', 'value').every(Number.isFinite)).toBe(true);
    expect(field(all, 'young', 'score').every(Number.isNaN)).toBe(true);
    expect(field(all, 'young', 'anomaly').every(Number.isNaN)).toBe(true);
    // The long-lived series was warmed up on the history before the range: every point is scored.
    expect(field(all, 'old', 'score').every(Number.isFinite)).toBe(true);
    expect(field(all, 'old', 'anomaly').every((a) => a === 0 || a === 1)).toBe(true);
    expect(all[0]?.meta?.notices).toContainEqual({
      severity: 'info',
      text: `detector warming up: ${YOUNG_POINTS} of ${WARMUP + 1} points in {job="young"}; none of its ${YOUNG_POINTS} points in the range has a score yet (null, not 0)`,
    });
  });

  it('gives an alert rule no value (NoData) for the young series, and a score for the old one', async () => {
    const all = await frames(true);
    const score = (job: string) => all.find((f) => f.fields[0]?.labels?.['job'] === job)?.fields[0]?.values[0];
    expect(score('young')).toBeNaN();
    expect(Number.isFinite(score('old'))).toBe(true);
  });

  it("sets the step on every time field, so a panel breaks the line at missing samples (as Grafana's Prometheus does)", async () => {
    const all = await frames(false);
    expect(all.length).toBeGreaterThan(0);
    for (const frame of all)
      expect(frame.fields[0]).toMatchObject({ type: 'time', config: { interval: STEP_S * 1000 } });
  });

  it('reports the PromQL Prometheus ran, interval variables filled in, as executedQueryString', async () => {
    sentQueries.length = 0;
    const all = await frames(false);
    expect(sentQueries).toEqual(['sum by (job) (rate(requests_total[1m]))']);
    for (const frame of all) expect(frame.meta?.executedQueryString).toBe(sentQueries[0]);
  });
});
