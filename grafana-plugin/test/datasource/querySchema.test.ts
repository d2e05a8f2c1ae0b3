import { DEFAULT_DETECTOR, DETECTORS, MEASURE_NAMES } from '@sieve/scoring';
import { parseQuery } from '../../backend/src/datasource/querySchema.ts';
import { validationMessage } from './validationMessage.ts';

const errorOf = (queryType: string, json: string) => validationMessage(() => parseQuery(queryType, json));

describe('parseQuery: drift', () => {
  it('fills the documented defaults and ignores the keys Grafana adds', () => {
    const q = parseQuery('drift', JSON.stringify({ refId: 'A', datasource: { uid: 'x' }, hide: false }));
    expect(q).toEqual({
      queryType: 'drift',
      features: '',
      measure: 'psi',
      baseline: { type: 'exported' },
      format: 'timeseries',
      alertValue: 'verdict',
    });
    expect(() => parseQuery('drift', JSON.stringify({ alertValue: 'raw' }))).toThrow(/field "alertValue"/);
  });

  it('accepts every measure of the scoring registry', () => {
    for (const measure of MEASURE_NAMES) {
      expect(parseQuery('drift', JSON.stringify({ measure }))).toMatchObject({ measure });
    }
  });

  it('parses durations and both kinds of explicit baseline', () => {
    expect(
      parseQuery('drift', JSON.stringify({ baseline: { type: 'offset', offset: '7d' }, window: '1h30m', step: '5m' }))
    ).toMatchObject({ baseline: { type: 'offset', offset: 7 * 86_400_000 }, window: 5_400_000, step: 300_000 });
    expect(
      parseQuery(
        'drift',
        JSON.stringify({ baseline: { type: 'range', from: '2026-01-01T00:00:00Z', to: 1767312000000 } })
      )
    ).toMatchObject({ baseline: { type: 'range', from: Date.parse('2026-01-01T00:00:00Z'), to: 1767312000000 } });
  });

  it('names the invalid field and the allowed values', () => {
    expect(errorOf('drift', '{"measure":"psx"}')).toBe(
      `drift query: field "measure": expected one of ${MEASURE_NAMES.join(', ')}`
    );
    expect(errorOf('drift', '{"format":"heatmap"}')).toBe(
      'drift query: field "format": expected one of timeseries, table'
    );
    expect(errorOf('drift', '{"baseline":{"type":"yesterday"}}')).toMatch(
      /^drift query: field "baseline.type": expected one of exported, offset, range$/
    );
    expect(errorOf('drift', '{"baseline":{"type":"offset","offset":"-7d"}}')).toMatch(
      /^drift query: field "baseline.offset": expected a positive duration/
    );
    expect(errorOf('drift', '{"baseline":{"type":"range","from":2000,"to":1000}}')).toMatch(
      /^drift query: field "baseline.to": "to" must be after "from"/
    );
    expect(errorOf('drift', '{"window":"0s"}')).toMatch(/^drift query: field "window"/);
    expect(errorOf('drift', '{"step":"100y"}')).toMatch(
      /^drift query: field "step": "100y" is longer than the maximum/
    );
    expect(errorOf('drift', '{"features":42}')).toMatch(/^drift query: field "features": expected label matchers/);
  });
});

describe('parseQuery: anomaly', () => {
  it('requires an expression and defaults the detector', () => {
    expect(parseQuery('anomaly', '{"expr":" rate(x[5m]) "}')).toMatchObject({
      queryType: 'anomaly',
      expr: 'rate(x[5m])',
      detector: DEFAULT_DETECTOR,
      params: {},
    });
    expect(errorOf('anomaly', '{}')).toBe('anomaly query: field "expr": expected a PromQL expression');
    expect(errorOf('anomaly', '{"expr":"   "}')).toBe('anomaly query: field "expr": a PromQL expression is required');
  });

  it('validates parameters against the detector schema from scoring', () => {
    expect(errorOf('anomaly', '{"expr":"x","detector":"zscore","params":{"windw":10}}')).toMatch(
      /^anomaly query: field "params.windw": detector "zscore" has no such parameter \(known: /
    );
    const [name, spec] = Object.entries(DETECTORS[DEFAULT_DETECTOR].params)[0] ?? [];
    if (!name || !spec) throw new Error('the default detector has no parameters');
    expect(errorOf('anomaly', JSON.stringify({ expr: 'x', params: { [name]: spec.min - 1 } }))).toBe(
      `anomaly query: field "params.${name}": must be in [${spec.min}, ${spec.max}], got ${spec.min - 1}`
    );
    expect(errorOf('anomaly', '{"expr":"x","params":{"anything":"ten"}}')).toBe(
      'anomaly query: field "params.anything": expected a number'
    );
    expect(errorOf('anomaly', '{"expr":"x","detector":"magic"}')).toMatch(
      /^anomaly query: field "detector": expected one of zscore/
    );
  });
});

describe('parseQuery: the envelope', () => {
  it('rejects invalid JSON, non-objects and unknown query types', () => {
    expect(errorOf('drift', '{"measure":')).toBe('query: the query model is not valid JSON');
    expect(errorOf('drift', '[1,2]')).toBe('query: the query model must be a JSON object');
    expect(errorOf('forecast', '{}')).toBe(
      'query: field "queryType": unknown query type "forecast"; expected one of drift, anomaly'
    );
    expect(errorOf('', '{}')).toBe('query: field "queryType": missing; expected one of drift, anomaly');
  });

  it('takes queryType from the model when Grafana sends none', () => {
    expect(parseQuery('', '{"queryType":"anomaly","expr":"up"}')).toMatchObject({ queryType: 'anomaly' });
  });
});
