import type { ServerResponse } from 'node:http';
import { createDatasource } from '../../backend/src/datasource/index.ts';
import { upstreamLoad } from '../../backend/src/datasource/prometheusClient.ts';
import type { DataFrame, DataResponse } from '../../backend/src/sdk/index.ts';
import { startUpstream, type ScriptedUpstream } from '../upstream/scriptedUpstream.ts';
import { dataQuery, instanceSettings, requestContext } from './handlerRequests.ts';

/**
 * Anomaly series are scored as they arrive, while the upstream still writes the rest of the
 * answer. That must not change a single value: the same data answered in Prometheus' compact
 * form, series by series with pauses (scored ahead), and pretty-printed in one piece (which the
 * streaming parser does not split, so every series is scored after the last byte), give equal
 * frames, for panels and for alert rules alike.
 */
const STEP_S = 60;
const SERIES = 4;

let upstream: ScriptedUpstream;
/** Points the datasource had taken to score ahead when the upstream wrote its last series. */
let aheadAtLastSeries = -1;

function matrix(start: number, end: number): { metric: Record<string, string>; values: [number, string][] }[] {
  return Array.from({ length: SERIES }, (_, s) => {
    const values: [number, string][] = [];
    for (let t = start, i = 0; t <= end; t += STEP_S, i++) {
      // A gap and a spike in each series: the detector's band, masks and flags all have work.
      if (i % 97 === 13) continue;
      const spike = i % 301 === 300 ? 8 : 0;
      values.push([t, String(5 + s + Math.sin(i / 20 + s) + ((i * 7919) % 13) / 50 + spike)]);
    }
    return { metric: { job: `j${s}`, instance: 'a' }, values };
  });
}

beforeAll(async () => {
  upstream = await startUpstream((req, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const result = matrix(Number(url.searchParams.get('start')), Number(url.searchParams.get('end')));
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.pathname.startsWith('/whole/')) {
      return void res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }, null, 1));
    }
    const parts = result.map((s) => JSON.stringify(s));
    const write = (i: number) => {
      if (i === parts.length - 1) {
        aheadAtLastSeries = upstreamLoad().pointsAhead;
        return void res.end(`${parts[i]}]}}`);
      }
      res.write(`${parts[i]},`);
      setTimeout(() => write(i + 1), 40);
    };
    res.write('{"status":"success","data":{"resultType":"matrix","result":[');
    write(0);
  });
});
afterAll(() => upstream.close());

async function frames(path: string, fromAlert: boolean): Promise<DataFrame[]> {
  const toMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const query = dataQuery(
    'anomaly',
    { expr: 'sum by (job, instance) (rate(x[5m]))', detector: 'ensemble', step: `${STEP_S}s` },
    { fromMs: toMs - 43_200_000, toMs },
    { intervalMs: STEP_S * 1000 }
  );
  const response: DataResponse = await createDatasource().queryData(
    requestContext(instanceSettings(`${upstream.url}${path}`), { fromAlert }),
    query
  );
  if (!('frames' in response) || response.status !== 200) throw new Error(JSON.stringify(response));
  return response.frames ?? [];
}

describe.each([false, true])('anomaly frames (fromAlert %s)', (fromAlert) => {
  it('are the same whether series were scored while the answer arrived or after it', async () => {
    aheadAtLastSeries = -1;
    const streamed = await frames('/streamed', fromAlert);
    // All but the last series had been scored (and their points taken) before it was written.
    expect(aheadAtLastSeries).toBeGreaterThan(0);
    expect(upstreamLoad().pointsAhead).toBe(0);
    const whole = await frames('/whole', fromAlert);
    expect(streamed).toHaveLength(fromAlert ? SERIES : SERIES * 6);
    expect(streamed).toEqual(whole);
  });
});
