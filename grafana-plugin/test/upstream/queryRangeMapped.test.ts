import type { ServerResponse } from 'node:http';
import {
  createPrometheusClient,
  type RangeSeries,
  STREAMED_MAP_POINTS,
} from '../../backend/src/datasource/prometheusClient.ts';
import { parseSettings } from '../../backend/src/datasource/settings.ts';
import { instanceSettings } from '../datasource/handlerRequests.ts';
import { type ScriptedUpstream, startUpstream } from './scriptedUpstream.ts';

/**
 * queryRangeMapped runs its per-series work (the anomaly detector) while the body is still
 * arriving: against an upstream that writes one series, then waits before the next, the first
 * series is mapped before the second is written.
 */
const series = (n: number) =>
  `{"metric":{"feature":"f${n}"},"values":[[1700000000,"${n}.5"],[1700000060,"NaN"],[1700000120,"+Inf"]]}`;
/** A first series as long as the streamed-mapping allowance: what follows it is mapped at the end. */
const longSeries = `{"metric":{"feature":"long"},"values":[${Array.from(
  { length: STREAMED_MAP_POINTS },
  (_, i) => `[${1700000000 + i},"1"]`
).join(',')}]}`;
let withLong = false;

let upstream: ScriptedUpstream;
/** Resolves the upstream's pause between the first and the second series. */
let release: () => void = () => undefined;
let mappedBeforeRelease: string[] = [];
let mapped: string[] = [];

beforeAll(async () => {
  upstream = await startUpstream((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const first = withLong ? `${longSeries},` : '';
    res.write(`{"status":"success","data":{"resultType":"matrix","result":[${first}${series(0)},${series(1)}`);
    new Promise<void>((resolve) => (release = resolve))
      .then(() => {
        mappedBeforeRelease = [...mapped];
        res.end(`,${series(2)}]}}`);
      })
      .catch(() => undefined);
  });
});

afterAll(() => upstream.close());

beforeEach(() => {
  mapped = [];
  mappedBeforeRelease = [];
  withLong = false;
});

const range = { startMs: 1_700_000_000_000, endMs: 1_700_000_120_000, stepMs: 60_000 };

it('maps each series as soon as it has arrived, and returns every series mapped, in order', async () => {
  const client = createPrometheusClient(parseSettings(instanceSettings(upstream.url)));
  const each = (s: RangeSeries) => {
    mapped.push(s.labels.feature!);
    if (s.labels.feature === 'f0') setTimeout(() => release(), 50);
    return { feature: s.labels.feature, sum: s.values[0]! + s.timestampsMs[2]! };
  };
  const result = await client.queryRangeMapped('up', range, undefined, { key: 'test', each });
  // f1 is complete only when the next separator arrives, so only f0 can have been mapped early.
  expect(mappedBeforeRelease).toEqual(['f0']);
  expect(result).toEqual([
    { feature: 'f0', sum: 0.5 + 1_700_000_120_000 },
    { feature: 'f1', sum: 1.5 + 1_700_000_120_000 },
    { feature: 'f2', sum: 2.5 + 1_700_000_120_000 },
  ]);
});

it("rethrows the mapping's own failure instead of calling the answer malformed", async () => {
  const client = createPrometheusClient(parseSettings(instanceSettings(upstream.url)));
  const each = (s: RangeSeries) => {
    if (s.labels.feature === 'f0') {
      setTimeout(() => release(), 50);
      throw new RangeError('detector bug');
    }
    return s;
  };
  await expect(client.queryRangeMapped('up', range, undefined, { key: 'failing', each })).rejects.toThrow(
    new RangeError('detector bug')
  );
});

it('maps what follows the first STREAMED_MAP_POINTS points only once the answer is complete', async () => {
  withLong = true;
  const client = createPrometheusClient(parseSettings(instanceSettings(upstream.url)));
  const each = (s: RangeSeries) => {
    mapped.push(s.labels.feature!);
    return s.labels.feature;
  };
  // Nothing releases the upstream from `each` here: f0 is not mapped while streaming.
  setTimeout(() => release(), 300);
  const result = await client.queryRangeMapped('up', range, undefined, { key: 'long', each });
  expect(mappedBeforeRelease).toEqual(['long']);
  expect(result).toEqual(['long', 'f0', 'f1', 'f2']);
});
