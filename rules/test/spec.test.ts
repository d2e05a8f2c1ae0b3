import { readFileSync } from 'node:fs';
import { formatDuration, parseDuration } from '../src/durations.ts';
import { parseSpec, SpecError } from '../src/spec.ts';
import { timeScale } from '../src/timeScale.ts';
import { BURN_PAIRS, burnFactor, burnPairsFor } from '../src/windows.ts';
import { SPEC } from './support/paths.ts';

const base = `
version: sieve/v1
service: shop
runbookBaseUrl: https://example.com/runbooks
dashboardBaseUrl: https://grafana.example.com/d
`;

function issues(yaml: string): readonly string[] {
  try {
    parseSpec(yaml);
  } catch (error) {
    if (error instanceof SpecError) return error.issues;
    throw error;
  }
  throw new Error('expected the spec to be rejected');
}

describe('the SLO spec', () => {
  it('parses the default spec with every SLI kind', () => {
    const spec = parseSpec(readFileSync(SPEC, 'utf8'));
    expect(new Set(spec.slos.map((s) => s.sli.kind))).toEqual(
      new Set([
        'pipelineSuccess',
        'freshness',
        'completeness',
        'drift',
        'latency',
        'availability',
        'quality',
        'falsePositiveRate',
        'costPerPrediction',
      ])
    );
  });

  it('fills defaults: a 30d period, no guard, page and ticket on', () => {
    const spec = parseSpec(`${base}slos:\n  - {name: a, description: d, objective: 99.9, sli: {kind: availability}}\n`);
    expect(spec.slos[0]).toMatchObject({ period: '30d', minEvents: 0, alerting: { page: true, ticket: true } });
  });

  it('names the field path of every error', () => {
    const found = issues(
      `${base}slos:\n` +
        `  - {name: ok, description: d, objective: 99, sli: {kind: freshness, of: feature, maxAge: soon}}\n` +
        `  - {name: Bad_Name, description: d, objective: 100, sli: {kind: latency}}\n`
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^slos\[0\]\.sli\.maxAge: expected a duration/),
        expect.stringMatching(/^slos\[1\]\.name: /),
        expect.stringMatching(/^slos\[1\]\.objective: /),
        expect.stringMatching(/^slos\[1\]\.sli\.threshold: /),
      ])
    );
  });

  it('rejects unknown SLI kinds, unknown keys and selectors the SLI cannot use', () => {
    expect(issues(`${base}slos:\n  - {name: a, description: d, objective: 99, sli: {kind: vibes}}\n`)).toEqual([
      expect.stringMatching(/^slos\[0\]\.sli\.kind: /),
    ]);
    expect(issues(`${base}colour: blue\n`)).toEqual([expect.stringMatching(/colour/)]);
    expect(
      issues(
        `${base}slos:\n  - {name: a, description: d, objective: 99, selector: {pipeline: x}, sli: {kind: availability}}\n`
      )
    ).toEqual(['slos[0].selector.pipeline: availability SLIs can select on model']);
  });

  it('rejects duplicate SLO names, periods under a day and inverted PSI bands', () => {
    const slo = '{name: a, description: d, objective: 99, sli: {kind: availability}}';
    expect(issues(`${base}slos: [${slo}, ${slo}]\n`)).toEqual(['slos[1].name: duplicate SLO name']);
    expect(
      issues(`${base}slos:\n  - {name: a, description: d, objective: 99, period: 6h, sli: {kind: availability}}\n`)
    ).toEqual(['slos[0].period: the period must be at least 1d']);
    expect(
      issues(
        `${base}pipelines:\n  - name: p\n    notRunningAfter: 1h\n    failingFor: 1h\n    features: {names: [f], maxAge: 1m, psi: {moderate: 0.3, significant: 0.2, ticketFor: 1h, pageFor: 15m}}\n`
      )
    ).toEqual(['pipelines[0].features.psi.significant: must be above moderate']);
  });

  it('keeps the labels the generator owns out of user labels', () => {
    expect(issues(`${base}labels: { severity: page }\n`)).toEqual([
      'labels.severity: severity is set by the generator',
    ]);
    expect(
      issues(
        `${base}slos:\n  - {name: a, description: d, objective: 99, labels: {slo: b}, sli: {kind: availability}}\n`
      )
    ).toEqual(['slos[0].labels.slo: slo is set by the generator']);
  });

  it('reports YAML syntax errors as spec errors', () => {
    expect(issues('version: [')).toEqual([expect.stringMatching(/^not valid YAML/)]);
  });
});

describe('burn-rate factors', () => {
  it('are the Workbook factors for a 30d period', () => {
    expect(BURN_PAIRS.map((p) => burnFactor(p, '30d'))).toEqual([14.4, 6, 3, 1]);
  });

  it('shrink with the period (28d as in Sloth) and drop pairs longer than it', () => {
    expect(BURN_PAIRS.map((p) => burnFactor(p, '28d'))).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
    expect(burnPairsFor('1d').map((p) => `${p.long}/${p.short}`)).toEqual(['1h/5m', '6h/30m', '1d/2h']);
    expect(burnPairsFor('1d').map((p) => burnFactor(p, '1d'))).toEqual([0.48, 0.2, 0.1]);
  });
});

describe('durations and time scale', () => {
  it('round-trips Prometheus durations', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('30d')).toBe(2_592_000);
    expect(['1h', '5m', '30d', '90s', '0s'].map((d) => formatDuration(parseDuration(d)))).toEqual([
      '1h',
      '5m',
      '30d',
      '90s',
      '0s',
    ]);
    expect(() => parseDuration('1h30m')).toThrow(/not a duration/);
  });

  it('compresses windows to whole seconds, never below one', () => {
    const scale = timeScale(1 / 60);
    expect(['5m', '1h', '30d', '10s'].map((d) => scale.duration(d))).toEqual(['5s', '1m', '12h', '1s']);
    expect(timeScale().duration('1h')).toBe('1h');
    expect(() => timeScale(2)).toThrow(/time scale/);
  });
});
