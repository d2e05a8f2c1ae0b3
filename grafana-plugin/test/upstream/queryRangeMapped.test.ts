import type { ServerResponse } from 'node:http';
import { SCORE_AHEAD_POINTS } from '../../backend/src/datasource/limits.ts';
import {
  createPrometheusClient,
  type RangeSeries,
  upstreamLoad,
} from '../../backend/src/datasource/prometheusClient.ts';
import { parseSettings } from '../../backend/src/datasource/settings.ts';
import { instanceSettings } from '../datasource/handlerRequests.ts';
import { type ScriptedUpstream, startUpstream } from './scriptedUpstream.ts';

/**
 * queryRangeMapped runs its per-series work (the anomaly detector) while the body is still
 * arriving: against an upstream that writes two series, then waits before the last, the first is
 * mapped before the last is written. Past the process-wide allowance (SCORE_AHEAD_POINTS) series
 * wait for the end of the answer, and the allowance comes back however the answer ends.
 */
const series = (n: number) =>
  `{"metric":{"feature":"f${n}"},"values":[[1700000000,"${n}.5"],[1700000060,"NaN"],[1700000120,"+Inf"]]}`;
/** A first series as long as the whole allowance: what follows it is mapped at the end. */
const longSeries = `{"metric":{"feature":"long"},"values":[${Array.from(
  { length: SCORE_AHEAD_POINTS },
  (_, i) => `[${1700000000 + i},"1"]`
).join(',')}]}`;

let upstream: ScriptedUpstream;
/** Ends the upstream's pause before the last series; `how` 'reset' drops the connection instead. */
let release: (how?: 'end' | 'reset') => void = () => undefined;
let mappedBeforeRelease: string[] = [];
let aheadBeforeRelease = 0;
let mapped: string[] = [];
/** Resolved when the next request has reached the upstream (and `release` is its own). */
const arrivals: (() => void)[] = [];
const nextArrival = (): Promise<void> => new Promise((resolve) => arrivals.push(resolve));

beforeAll(async () => {
  upstream = await startUpstream((req, res: ServerResponse) => {
    const withLong = new URL(req.url ?? '/', 'http://x').searchParams.get('query') === 'long';
    res.writeHead(200, { 'content-type': 'application/json' });
    const first = withLong ? `${longSeries},` : '';
    res.write(`{"status":"success","data":{"resultType":"matrix","result":[${first}${series(0)},${series(1)}`);
    new Promise<'end' | 'reset' | undefined>((resolve) => (release = resolve))
      .then((how) => {
        mappedBeforeRelease = [...mapped];
        aheadBeforeRelease = upstreamLoad().pointsAhead;
        if (how === 'reset') req.socket.destroy();
        else res.end(`,${series(2)}]}}`);
      })
      .catch(() => undefined);
    for (const arrived of arrivals.splice(0)) arrived();
  });
});

afterAll(() => upstream.close());

beforeEach(() => {
  mapped = [];
  mappedBeforeRelease = [];
  aheadBeforeRelease = 0;
});

const range = { startMs: 1_700_000_000_000, endMs: 1_700_000_120_000, stepMs: 60_000 };
const client = () => createPrometheusClient(parseSettings(instanceSettings(upstream.url)));

it('maps each series as soon as it has arrived, and returns every series mapped, in order', async () => {
  const each = (s: RangeSeries) => {
    mapped.push(s.labels.feature!);
    if (s.labels.feature === 'f0') setTimeout(() => release(), 50);
    return { feature: s.labels.feature, sum: s.values[0]! + s.timestampsMs[2]! };
  };
  const result = await client().queryRangeMapped('up', range, undefined, { key: 'test', each });
  // f1 is complete only when the next separator arrives, so only f0 can have been mapped early.
  expect(mappedBeforeRelease).toEqual(['f0']);
  expect(aheadBeforeRelease).toBe(3);
  expect(result).toEqual([
    { feature: 'f0', sum: 0.5 + 1_700_000_120_000 },
    { feature: 'f1', sum: 1.5 + 1_700_000_120_000 },
    { feature: 'f2', sum: 2.5 + 1_700_000_120_000 },
  ]);
  expect(upstreamLoad().pointsAhead).toBe(0);
});

it('returns the same series as queryRange when the mapping is the identity', async () => {
  // Released once each request has arrived: a timer set before the request could fire first on a
  // busy machine and release the previous request's pause instead.
  const plainArrived = nextArrival();
  const plainAnswer = client().queryRange('up', range);
  await plainArrived;
  release();
  const plain = await plainAnswer;
  const mappedArrived = nextArrival();
  const mappedAnswer = client().queryRangeMapped('up', range, undefined, { key: 'identity', each: (s) => s });
  await mappedArrived;
  release();
  const mappedSeries = await mappedAnswer;
  expect(mappedSeries).toEqual(plain);
  expect(plain.map((s) => s.labels.feature)).toEqual(['f0', 'f1', 'f2']);
});

it("rethrows the mapping's own failure instead of calling the answer malformed", async () => {
  const each = (s: RangeSeries) => {
    if (s.labels.feature === 'f0') {
      setTimeout(() => release(), 50);
      throw new RangeError('detector bug');
    }
    return s;
  };
  await expect(client().queryRangeMapped('up', range, undefined, { key: 'failing', each })).rejects.toThrow(
    new RangeError('detector bug')
  );
  expect(upstreamLoad().pointsAhead).toBe(0);
});

it('maps what exceeds the allowance only once the answer is complete', async () => {
  const each = (s: RangeSeries) => {
    mapped.push(s.labels.feature!);
    // f0..f1 have arrived with 'long'; they must still wait for the end of the answer.
    if (s.labels.feature === 'long') setTimeout(() => release(), 100);
    return s.labels.feature;
  };
  const result = await client().queryRangeMapped('long', range, undefined, { key: 'long', each });
  expect(mappedBeforeRelease).toEqual(['long']);
  expect(aheadBeforeRelease).toBe(SCORE_AHEAD_POINTS);
  expect(result).toEqual(['long', 'f0', 'f1', 'f2']);
  expect(upstreamLoad().pointsAhead).toBe(0);
});

it('gives the allowance back when the answer breaks off', async () => {
  const each = (s: RangeSeries) => {
    if (s.labels.feature === 'f0') setTimeout(() => release('reset'), 50);
    return s;
  };
  await expect(client().queryRangeMapped('up', range, undefined, { key: 'reset', each })).rejects.toThrow(
    /cannot reach/
  );
  expect(aheadBeforeRelease).toBe(3);
  expect(upstreamLoad().pointsAhead).toBe(0);
});
