import { LABEL, METRICS, startSieve, type Sieve } from '../src/index.ts';
import { MAX_EVENT_TIME_AHEAD_MS } from '../src/handles/invalidValues.ts';
import { collect, scalar } from './support/collect.ts';

const manual = (): Sieve => startSieve({ serviceName: 'test', prometheus: false });

/** Both watermarks (a pipeline run's and a dataset's), each with its exported value and invalid counts. */
const targets = [
  {
    what: 'run.watermark',
    metric: METRICS.pipelineWatermark.name,
    labels: { [LABEL.pipeline]: 'etl' },
    setUp: (s: Sieve) => {
      const run = s.pipeline('etl').start();
      return (t: unknown) => run.watermark(t as Date);
    },
  },
  {
    what: 'dataset.watermark',
    metric: METRICS.datasetWatermark.name,
    labels: { [LABEL.dataset]: 'events' },
    setUp: (s: Sieve) => {
      const d = s.dataset('events');
      return (t: unknown) => d.watermark(t as Date);
    },
  },
];

describe.each(targets)('$what', ({ metric, labels, setUp }) => {
  const read = async (s: Sieve) => {
    const series = await collect(s);
    return {
      value: scalar(series, metric, labels),
      invalid: (reason: string) =>
        scalar(series, METRICS.instrumentationInvalid.name, { [LABEL.metric]: metric, [LABEL.reason]: reason }),
    };
  };
  const good = Date.UTC(2026, 0, 2, 3, 4, 5);

  it('exports a Date or Unix ms as Unix seconds', async () => {
    const s = manual();
    const watermark = setUp(s);
    watermark(new Date(good));
    expect((await read(s)).value).toBe(good / 1000);
    watermark(good + 1000);
    expect((await read(s)).value).toBe(good / 1000 + 1);
    watermark(0); // 1970-01-01 is a real date
    expect((await read(s)).value).toBe(0);
  });

  it.each([
    ['1e300', 1e300, 'out_of_range'],
    ['9e15 (past the Date range)', 9e15, 'out_of_range'],
    ['Unix µs instead of ms', Date.now() * 1000, 'out_of_range'],
    ['9999-12-31 (a "no end" sentinel)', new Date(Date.UTC(9999, 11, 31)), 'out_of_range'],
    ['an invalid Date', new Date('not a date'), 'nan'],
    ['NaN', NaN, 'nan'],
    ['Infinity', Infinity, 'infinite'],
    ['-Infinity', -Infinity, 'infinite'],
    ['before 1970', -1, 'negative'],
    ['a string', '2026-01-02', 'wrong_type'],
    ['a bigint', 1n, 'wrong_type'],
  ])('counts %s as %s and keeps the previous watermark', async (_what, bad, reason) => {
    const s = manual();
    const watermark = setUp(s);
    watermark(good);
    expect(() => watermark(bad)).not.toThrow();
    const after = await read(s);
    expect(after.value).toBe(good / 1000);
    expect(after.invalid(reason)).toBe(1);
  });

  it('accepts a watermark a little ahead of this clock (skew), unchanged', async () => {
    const s = manual();
    const watermark = setUp(s);
    const ahead = Date.now() + MAX_EVENT_TIME_AHEAD_MS - 60_000;
    watermark(ahead);
    const r = await read(s);
    expect(r.value).toBe(ahead / 1000);
    expect(r.invalid('out_of_range')).toBe(0);
  });

  it('counts a watermark further ahead than the tolerance as out_of_range', async () => {
    const s = manual();
    const watermark = setUp(s);
    watermark(good);
    watermark(new Date(Date.now() + MAX_EVENT_TIME_AHEAD_MS + 60_000));
    const r = await read(s);
    expect(r.value).toBe(good / 1000);
    expect(r.invalid('out_of_range')).toBe(1);
  });
});

it('binds out_of_range only for event-time metrics', async () => {
  const s = manual();
  s.pipeline('etl').start().rowsRead(-1);
  const reasons = (await collect(s))
    .filter((x) => x.name === METRICS.instrumentationInvalid.name && x.attributes[LABEL.reason] === 'out_of_range')
    .map((x) => x.attributes[LABEL.metric]);
  expect(reasons.sort()).toEqual([METRICS.pipelineWatermark.name]);
});
