import { createDatasource } from '../../backend/src/datasource/index.ts';
import type { DataResponse } from '../../backend/src/sdk/index.ts';
import { emptyAnswer, type ScriptedUpstream, startUpstream } from '../upstream/scriptedUpstream.ts';
import { dataQuery, instanceSettings, requestContext } from './handlerRequests.ts';

/**
 * Inputs that used to be lost, misread or answered with a 500: each must be a 400 naming the
 * field (and never reach Prometheus), or be read the way Prometheus reads it.
 */
let upstream: ScriptedUpstream;
const ds = createDatasource();
const now = Date.now();
const range = { fromMs: now - 3_600_000, toMs: now };
const ctx = () => requestContext(instanceSettings(upstream.url));

beforeAll(async () => {
  upstream = await startUpstream(emptyAnswer);
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.seen.length = 0;
});

function expect400(r: DataResponse, message: RegExp): void {
  expect(r).toMatchObject({ status: 400, errorSource: 'plugin' });
  if (!('error' in r)) throw new Error('expected an error');
  expect(r.error).toMatch(message);
  expect(upstream.seen).toEqual([]);
}

describe('regular expressions are checked with RE2 syntax, as Prometheus compiles them', () => {
  // Valid in JavaScript, refused by RE2: lookarounds, backreferences, \Z, \cA, \u, repeats over 1000.
  it.each([
    'age(?=x)',
    'age(?!x)',
    '(?<=a)ge',
    '(?<!a)ge',
    '(a)\\\\1',
    'age\\\\Z',
    '\\\\cA',
    '\\\\u0041',
    'a{1001}',
    '(?<n>a)\\\\k<n>',
  ])('refuses %s with a 400 naming the field', async (regex) => {
    const r = await ds.queryData(ctx(), dataQuery('drift', { features: `feature=~"${regex}"` }, range));
    expect400(r, /drift query: field "features": invalid regular expression for "feature" \(RE2 syntax/);
  });

  it.each(['(?i)AGE|income', 'age\\\\z', '[[:alpha:]]+', '\\\\pL+', '(?s:a.b)', '(?P<name>age)'])(
    'accepts %s',
    async (regex) => {
      const r = await ds.queryData(ctx(), dataQuery('drift', { features: `feature=~"${regex}"` }, range));
      expect(r).toMatchObject({ status: 200 });
      expect(upstream.seen.length).toBeGreaterThan(0);
    }
  );
});

describe('dates are RFC 3339 or Unix seconds, as the Prometheus API reads them', () => {
  it.each([
    ['"1"', '"2"', '2.000'],
    ['"1767000000.5"', '"1767225600"', '1767225600.000'],
    ['"2026-01-01T00:00:00Z"', '"2026-01-01T02:00:00.5+01:00"', '1767229200.500'],
    ['1767000000000', '1767225600000', '1767225600.000'],
  ])('from %s to %s: the baseline is read at %s', async (from, to, time) => {
    const model = JSON.parse(`{"format":"table","baseline":{"type":"range","from":${from},"to":${to}}}`) as object;
    const r = await ds.queryData(ctx(), dataQuery('drift', model as Record<string, unknown>, range));
    expect(r).toMatchObject({ status: 200 });
    expect(upstream.seen.some((req) => req.url?.includes(`time=${time}`))).toBe(true);
  });

  it.each(['2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01', 'yesterday', '2026-01-01T00:00:00'])(
    'refuses %s',
    async (date) => {
      const r = await ds.queryData(
        ctx(),
        dataQuery('drift', { baseline: { type: 'range', from: date, to: '2026-06-01T00:00:00Z' } }, range)
      );
      expect400(r, /field "baseline.from": not a valid time/);
    }
  );
});

describe('odd but well-formed input is a 400, not a 500', () => {
  it('maxDataPoints 1', async () => {
    const r = await ds.queryData(ctx(), dataQuery('anomaly', { expr: 'up' }, range, { maxDataPoints: 1 }));
    expect400(r, /anomaly query: field "maxDataPoints": a time series needs at least 2 points/);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('a detector parameter named %s', async (name) => {
    const r = await ds.queryData(ctx(), dataQuery('anomaly', `{"expr":"up","params":{"${name}":3}}`, range));
    expect400(r, new RegExp(`field "params.${name}": detector "\\w+" has no such parameter`));
  });

  it.each([
    ['features', 'drift', { features: `feature="${'a'.repeat(10_000_000)}"` }],
    ['expr', 'anomaly', { expr: `up{job="${'a'.repeat(10_000_000)}"}` }],
    ['window', 'drift', { window: '1'.repeat(1_000_000) + 's' }],
  ])('a 10 MB %s', async (field, queryType, model) => {
    const r = await ds.queryData(ctx(), dataQuery(queryType, model, range));
    expect400(r, new RegExp(`field "${field}": longer than`));
  });
});
