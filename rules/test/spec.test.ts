import { readFileSync } from 'node:fs';
import { formatDuration, parseDuration } from '../src/durations.ts';
import { parseSpec, SpecError } from '../src/spec.ts';
import { timeScale } from '../src/timeScale.ts';
import { burnPairs, pairName } from '../src/windows.ts';
import { recordedWindows, sliRuleGroups } from '../src/sliRules.ts';
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
        expect.stringMatching(/^slos\["ok"\]\.sli\.maxAge: expected a Prometheus duration/),
        expect.stringMatching(/^slos\["Bad_Name"\]\.name: /),
        expect.stringMatching(/^slos\["Bad_Name"\]\.objective: /),
        expect.stringMatching(/^slos\["Bad_Name"\]\.sli\.threshold: /),
      ])
    );
  });

  it("words zod's issues for a spec author: what is missing, the wrong value and the choices", () => {
    expect(issues('version: sieve/v2\nservice: s\ndashboardBaseUrl: https://g/d\n')).toEqual([
      'version: must be "sieve/v1", got "sieve/v2"',
      'runbookBaseUrl: required (a string)',
    ]);
    expect(
      issues(
        `${base}slos:\n  - {name: Bad Name, description: 3, objective: 99, sli: {kind: availabilty}}\n` +
          `  - {name: f, description: d, objective: nine, sli: {kind: freshness, of: dataset, maxAge: 1h}}\n`
      )
    ).toEqual([
      'slos["Bad Name"].name: expected lowercase letters, digits and dashes',
      'slos["Bad Name"].description: expected a string, got 3',
      'slos["Bad Name"].sli.kind: "availabilty" is not one of pipelineSuccess, freshness, completeness, drift, latency, availability, quality, falsePositiveRate, costPerPrediction',
      'slos["f"].objective: expected a number, got "nine"',
      'slos["f"].sli.of: "dataset" is not one of pipeline, feature',
    ]);
    expect(issues(`${base}colour: blue\n`)).toEqual(['(root): unknown key "colour"']);
  });

  it('rejects unknown SLI kinds, unknown keys and selectors the SLI cannot use', () => {
    expect(issues(`${base}slos:\n  - {name: a, description: d, objective: 99, sli: {kind: vibes}}\n`)).toEqual([
      expect.stringMatching(/^slos\["a"\]\.sli\.kind: /),
    ]);
    expect(issues(`${base}colour: blue\n`)).toEqual([expect.stringMatching(/colour/)]);
    expect(
      issues(
        `${base}slos:\n  - {name: a, description: d, objective: 99, selector: {pipeline: x}, sli: {kind: availability}}\n`
      )
    ).toEqual([
      'slos["a"].selector.pipeline: availability SLIs can select on model, version (or on labels outside the catalog, such as job or env)',
    ]);
  });

  it('rejects duplicate SLO, pipeline and model names, periods under a day and inverted PSI bands', () => {
    const slo = '{name: a, description: d, objective: 99, sli: {kind: availability}}';
    expect(issues(`${base}slos: [${slo}, ${slo}]\n`)).toEqual(['slos["a"].name: duplicate SLO name']);
    // Each name is a rule group: Prometheus refuses a file that repeats one.
    const pipeline = '{name: p, notRunningAfter: 1h, failingFor: 1h}';
    expect(issues(`${base}pipelines: [${pipeline}, ${pipeline}]\n`)).toEqual([
      'pipelines["p"].name: duplicate pipeline name',
    ]);
    expect(issues(`${base}models: [{name: m}, {name: m}]\n`)).toEqual(['models["m"].name: duplicate model name']);
    expect(issues(`${base}targets: {jobs: [a, b, a]}\n`)).toEqual(['targets.jobs[2]: duplicate job a']);
    expect(
      issues(`${base}slos:\n  - {name: a, description: d, objective: 99, period: 6h, sli: {kind: availability}}\n`)
    ).toEqual(['slos["a"].period: the period must be at least 1d']);
    expect(
      issues(
        `${base}pipelines:\n  - name: p\n    notRunningAfter: 1h\n    failingFor: 1h\n    features: {names: [f], maxAge: 1m, psi: {moderate: 0.3, significant: 0.2, ticketFor: 1h, pageFor: 15m}}\n`
      )
    ).toEqual(['pipelines["p"].features.psi.significant: must be above moderate']);
  });

  it('keeps the labels the generator owns out of user labels', () => {
    expect(issues(`${base}labels: { severity: page }\n`)).toEqual([
      'labels.severity: severity is set by the generator',
    ]);
    expect(
      issues(
        `${base}slos:\n  - {name: a, description: d, objective: 99, labels: {slo: b}, sli: {kind: availability}}\n`
      )
    ).toEqual(['slos["a"].labels.slo: slo is set by the generator']);
  });

  it('reports YAML syntax errors as spec errors', () => {
    expect(issues('version: [')).toEqual([expect.stringMatching(/^not valid YAML/)]);
  });
});

describe('the spec, further', () => {
  const one = (sli: string, extra = '') =>
    `${base}slos:\n  - {name: checkout-latency, description: d, objective: 99, ${extra}sli: ${sli}}\n`;

  it('names the SLO by its name in errors', () => {
    expect(issues(one('{kind: availability}').replace('objective: 99', 'objective: 100'))).toEqual([
      expect.stringMatching(/^slos\["checkout-latency"\]\.objective: /),
    ]);
  });

  it('refuses a latency threshold that is not a bucket edge, naming the edges', () => {
    const [problem] = issues(one('{kind: latency, threshold: 0.3}'));
    expect(problem).toMatch(/^slos\["checkout-latency"\]\.sli\.threshold: 0\.3 is not a bucket edge/);
    expect(problem).toContain('0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.25, 0.5');
    expect(() => parseSpec(one('{kind: latency, threshold: 0.3, buckets: [0.1, 0.3, 1]}'))).not.toThrow();
  });

  it('accepts Prometheus compound durations such as 1h30m', () => {
    const spec = parseSpec(one('{kind: freshness, of: feature, maxAge: 1h30m}'));
    expect(spec.slos[0]?.sli).toMatchObject({ maxAge: '1h30m' });
    expect(issues(one('{kind: freshness, of: feature, maxAge: 30m1h}'))).toEqual([
      expect.stringMatching(/maxAge: expected a Prometheus duration such as 30s, 5m, 1h30m or 30d$/),
    ]);
  });

  it('accepts selector labels outside the catalog (job, env, cluster) and refuses the generator’s own', () => {
    expect(() =>
      parseSpec(one('{kind: availability}', 'selector: {model: m, job: api, env: prod, cluster: eu1}, '))
    ).not.toThrow();
    expect(issues(one('{kind: availability}', 'selector: {slo_id: x, outcome: ok}, '))).toEqual([
      'slos["checkout-latency"].selector.slo_id: slo_id is set by the generator',
      expect.stringMatching(/^slos\["checkout-latency"\]\.selector\.outcome: availability SLIs can select on model/),
    ]);
  });

  it('lets a model SLO pick one version, and its recordings select it', () => {
    const spec = parseSpec(one('{kind: availability}', 'selector: {model: m, version: canary}, '));
    const exprs = sliRuleGroups(spec, spec.slos[0]!, timeScale(1)).flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.some((e) => e.includes('version="canary"'))).toBe(true);
    expect(issues(one('{kind: drift, maxPsi: 0.2}', 'selector: {version: canary}, '))).toEqual([
      expect.stringMatching(/selector\.version: drift SLIs can select on feature /),
    ]);
  });

  it('keeps missing-data choices to time-based SLIs and minEvents away from sparse pipelines', () => {
    expect(issues(one('{kind: availability}', 'missingData: bad, '))).toEqual([
      expect.stringMatching(/^slos\["checkout-latency"\]\.missingData: only time-based SLIs/),
    ]);
    expect(issues(one('{kind: pipelineSuccess, schedule: 1d}', 'minEvents: 3, '))).toEqual([
      expect.stringMatching(
        /^slos\["checkout-latency"\]\.minEvents: a pipeline that runs every 1d is alerted on by run count/
      ),
    ]);
  });
});

describe('names that would change meaning in an alert', () => {
  const pipeline = (name: string, features: string) =>
    `  - name: ${name}\n    notRunningAfter: 1h\n    failingFor: 1h\n` +
    `    features: {names: [${features}], maxAge: 1m, psi: {moderate: 0.1, significant: 0.25, ticketFor: 1h, pageFor: 15m}}\n`;

  it('refuses a feature listed under two pipelines, naming both (its series carry no pipeline label)', () => {
    expect(
      issues(`${base}pipelines:\n${pipeline('a', 'amount, country')}${pipeline('b', 'country2, amount')}`)
    ).toEqual([
      expect.stringMatching(/^pipelines\["b"\]\.features\.names\[1\]: "amount" is also listed under pipeline "a";/),
    ]);
    const datasets = (name: string) =>
      `  - {name: ${name}, notRunningAfter: 1h, failingFor: 1h, datasets: {names: [orders], minCompleteness: 0.9, window: 1h, for: 5m, schemaChangeWindow: 1h}}\n`;
    expect(issues(`${base}pipelines:\n${datasets('a')}${datasets('b')}`)).toEqual([
      expect.stringMatching(/^pipelines\["b"\]\.datasets\.names\[0\]: "orders" is also listed under pipeline "a";/),
    ]);
    // One pipeline listing a name once, and distinct names across pipelines, are fine.
    expect(() => parseSpec(`${base}pipelines:\n${pipeline('a', 'amount')}${pipeline('b', 'country')}`)).not.toThrow();
  });

  it('refuses Go template text ({{ }}) in names, labels and descriptions, naming the field', () => {
    expect(issues(`${base}pipelines:\n${pipeline("'payments etl {{ $value }}'", 'f')}`)).toEqual([
      'pipelines["payments etl {{ $value }}"].name: `{{` and `}}` are not allowed: alert labels and annotations expand them as templates',
    ]);
    expect(issues(`${base}pipelines:\n${pipeline('p', "'a }}'")}`)).toEqual([
      expect.stringMatching(/^pipelines\["p"\]\.features\.names\[0\]: `\{\{` and `\}\}` are not allowed/),
    ]);
    expect(
      issues(`${base}slos:\n  - {name: a, description: 'ok {{ .x }}', objective: 99, sli: {kind: availability}}\n`)
    ).toEqual([expect.stringMatching(/^slos\["a"\]\.description: `\{\{` and `\}\}` are not allowed/)]);
    expect(issues(`${base}models: [{name: 'm {{'}]\nlabels: {team: '}}'}\n`)).toEqual([
      expect.stringMatching(/^labels\.team: `\{\{`/),
      expect.stringMatching(/^models\["m \{\{"\]\.name: `\{\{`/),
    ]);
    // Single braces are plain text.
    expect(() => parseSpec(`${base}models: [{name: 'm {v2}'}]\n`)).not.toThrow();
  });
});

describe('burn-rate windows scale with the period', () => {
  const table = (period: string) =>
    burnPairs(period).map(
      (p) => `${p.tier} ${pairName(p)} ${p.factor}x ${Number((p.budgetSpent * 100).toPrecision(3))}%`
    );

  it('are the Workbook pairs for 30d', () => {
    expect(table('30d')).toEqual([
      'page 1h/5m 14.4x 2%',
      'page 6h/30m 6x 5%',
      'ticket 1d/2h 3x 10%',
      'ticket 3d/6h 1x 10%',
    ]);
  });

  it('shrink with shorter periods, never below 5m/1h, and never page below 1x', () => {
    expect(table('7d')).toEqual([
      'page 1h/5m 14.4x 8.57%',
      'page 1h24m/7m 6x 5%',
      'ticket 5h36m/28m 3x 10%',
      'ticket 16h48m/1h24m 1x 10%',
    ]);
    // A day: the 14.4x pair clamps onto the 6x pair's windows, which covers it.
    expect(table('1d')).toEqual(['page 1h/5m 6x 25%', 'ticket 1h/5m 3x 12.5%', 'ticket 2h24m/12m 1x 10%']);
    for (const period of ['1d', '2d', '7d', '28d', '30d', '90d', '365d']) {
      for (const p of burnPairs(period)) {
        expect(p.factor).toBeGreaterThanOrEqual(1);
        expect(p.short).toBeGreaterThanOrEqual(300);
        expect(p.long).toBeLessThanOrEqual(86_400 * Number(period.replace('d', '')));
      }
    }
  });

  it('grow with longer periods', () => {
    expect(table('90d')).toEqual([
      'page 3h/15m 14.4x 2%',
      'page 18h/1h30m 6x 5%',
      'ticket 3d/6h 3x 10%',
      'ticket 9d/18h 1x 10%',
    ]);
  });

  it('record only the windows the alerts read (plus 5m), none for a sparse pipeline', () => {
    const spec = parseSpec(
      `${base}slos:\n  - {name: a, description: d, objective: 99, period: 1d, sli: {kind: availability}}\n` +
        `  - {name: b, description: d, objective: 90, sli: {kind: pipelineSuccess, schedule: 1d}}\n`
    );
    expect(recordedWindows(spec.slos[0] as never)).toEqual([300, 720, 3600, 8640]);
    expect(recordedWindows(spec.slos[1] as never)).toEqual([]);
  });
});

describe('durations and time scale', () => {
  it('round-trips Prometheus durations', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('30d')).toBe(2_592_000);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(['1h', '5m', '30d', '90s', '0s'].map((d) => formatDuration(parseDuration(d)))).toEqual([
      '1h',
      '5m',
      '30d',
      '1m30s',
      '0s',
    ]);
    expect(() => parseDuration('30m1h')).toThrow(/not a duration/);
  });

  it('compresses windows to whole seconds, never below one', () => {
    const scale = timeScale(1 / 60);
    expect(['5m', '1h', '30d', '10s'].map((d) => scale.duration(d))).toEqual(['5s', '1m', '12h', '1s']);
    expect(timeScale().duration('1h')).toBe('1h');
    expect(() => timeScale(2)).toThrow(/time scale/);
  });
});

describe('zero durations (review-e B7, B8)', () => {
  const pipeline = (fields: string) => `pipelines:\n  - {name: p, notRunningAfter: 1h, failingFor: 0s, ${fields}}\n`;
  const slo = (name: string, sli: string) =>
    `  - {name: ${name}, description: d, objective: 99, selector: {pipeline: p}, sli: ${sli}}\n`;

  it('refuses every window, age, schedule and offset of 0s, naming the field; `for:` holds may be 0s', () => {
    const found = issues(
      `${base}slos:\n` +
        slo('run', '{kind: pipelineSuccess, schedule: 0s, late: 0s}') +
        `  - {name: cost, description: d, objective: 99, sli: {kind: costPerPrediction, max: 0.1, window: 0s}}\n` +
        `  - {name: q, description: d, objective: 99, sli: {kind: quality, maxDrop: 0.1, window: 1h, baseline: {window: 1h, offset: 0s}}}\n` +
        `  - {name: fresh, description: d, objective: 99, period: 0d, sli: {kind: freshness, of: pipeline, maxAge: 0m}}\n` +
        `pipelines:\n` +
        `  - {name: p, notRunningAfter: 0s, failingFor: 0s, features: {names: [f], maxAge: 0s, psi: {moderate: 0.1, significant: 0.2, ticketFor: 0s, pageFor: 0s}},` +
        ` datasets: {names: [d], minCompleteness: 0.9, window: 0s, for: 0s, schemaChangeWindow: 0s}}\n` +
        `models:\n  - {name: m, falsePositiveRate: {max: 0.1, window: 0s, for: 0s}}\n`
    );
    const zero = [
      'slos["run"].sli.schedule',
      'slos["run"].sli.late',
      'slos["cost"].sli.window',
      'slos["q"].sli.baseline.offset',
      'slos["fresh"].period',
      'slos["fresh"].sli.maxAge',
      'pipelines["p"].notRunningAfter',
      'pipelines["p"].features.maxAge',
      'pipelines["p"].datasets.window',
      'pipelines["p"].datasets.schemaChangeWindow',
      'models["m"].falsePositiveRate.window',
    ];
    expect(found).toEqual(expect.arrayContaining(zero.map((field) => `${field}: must be longer than 0s`)));
    // Holds of 0s are not among the problems.
    expect(found.filter((i) => /(\.for|For): /.test(i))).toEqual([]);
  });

  it('refuses a negative duration as not a duration', () => {
    expect(issues(`${base}${pipeline('')}`.replace('notRunningAfter: 1h', 'notRunningAfter: -1h'))).toEqual([
      expect.stringMatching(/^pipelines\["p"\]\.notRunningAfter: expected a Prometheus duration/),
    ]);
  });

  it('accepts 0s holds', () => {
    expect(() =>
      parseSpec(
        `${base}${pipeline('datasets: {names: [d], minCompleteness: 0.9, window: 1h, for: 0s, schemaChangeWindow: 1h}')}`
      )
    ).not.toThrow();
  });
});
