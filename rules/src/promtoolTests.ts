import { relative } from 'node:path';
import { LABEL, METRICS, type PredictionOutcome, type RunOutcome } from '@sieve/otel-instrumentation/catalog';
import { BURN_ALERTS, DIRECT_ALERTS, SLO_ALERTS, TARGET_ALERTS } from './alertNames.ts';
import { formatDuration, parseDuration } from './durations.ts';
import { generateRules, provenance, RULE_FILES } from './generate.ts';
import { matchers, num } from './promql.ts';
import { header, toYaml } from './render.ts';
import { ALERTNAME, RULE_LABEL, SEVERITY } from './ruleLabels.ts';
import { isAlertingRule, type AlertingRule, type RuleGroup } from './ruleTypes.ts';
import { leValue, sliQuery } from './sliQueries.ts';
import { errorBudget, missingData, RECORD, recordedWindows, sloPairs } from './sliRules.ts';
import { sloIdentity, sloSelector } from './sloIdentity.ts';
import { sloLabels, type Slo, type Spec } from './spec.ts';
import { SCRAPE } from './targetHealth.ts';
import { timeScale, type TimeScale } from './timeScale.ts';
import { BURN_WINDOW_LABEL } from './burnRate.ts';
import { anOwnedName, owningPipelineLabel } from './pipelineOwner.ts';
import { pairName } from './windows.ts';

/**
 * `promtool test rules` files generated from the same spec as the rules, so they cannot drift: for
 * every alerting rule, a scenario where it fires (labels and expanded annotations asserted) and one
 * where it stays silent. Event SLOs, direct alerts and silent cases run in a fine file (two-minute
 * steps); time SLOs firing (their windows must fill), sparse pipelines and rules comparing with last
 * week run in a coarse one (hourly). With a time scale, every interval shrinks with the rules.
 */

interface InputSeries {
  series: string;
  values: string;
}
interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}
type FileKind = 'short' | 'long';
/** One scenario: input series, and the alerts expected at the end (none when `firing` is false). */
interface Scenario {
  name: string;
  series: InputSeries[];
  /** Alerting rules this scenario is about, with the labels their expression yields and its value. */
  alerts: Array<{ rule: AlertingRule; exprLabels: Record<string, string>; value?: number }>;
  firing: boolean;
  /** When firing, only these rules are expected (the others of the same name stay silent). */
  only?: readonly AlertingRule[];
  file: FileKind;
  /** Number of intervals the scenario runs; evaluated at the end. */
  steps: number;
  /** Seconds between input samples (scaled), when not the file's evaluation interval. */
  inputInterval?: number;
  /** Recorded series expected to hold `value` (within 1e-9) at the end (promql_expr_test). */
  recorded?: Array<{ selector: string; labels: Record<string, string>; value: number }>;
}

const M = METRICS;
/** Nominal step of each file, in seconds (scaled with the rules). */
const STEP: Record<FileKind, number> = { short: 120, long: 3600 };
/** Short scenarios: 72 minutes, past the longest `for:` hold and the page pairs' long window. */
const SHORT_STEPS = 36;
const TEST_VALUE = 'test';
/** A Unix time long before any evaluation: every age bound is exceeded. */
const LONG_AGO = -10_000_000;

// Outcome label values, typed against the catalog's closed sets.
const run = (o: RunOutcome): string => o;
const prediction = (o: PredictionOutcome): string => o;

function series(name: string, labels: Record<string, string>, values: string): InputSeries {
  return { series: `${name}${matchers(labels)}`, values };
}

/** `start+step x steps`: a counter growing by `perStep` each interval, or a constant. */
function counter(perStep: number, steps: number): string {
  return `0+${perStep}x${steps}`;
}
function constant(value: number, steps: number): string {
  return `${value}+0x${steps}`;
}

/** Go's url.QueryEscape (the `urlquery` template function): only A-Z a-z 0-9 - _ . ~ stay, a space is `+`. */
export function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Expands the templates the rules use: `{{ $labels.x }}`, `{{ $labels.x | urlquery }}`, `{{ printf "%.1f" $value }}`. */
function expand(template: string, labels: Record<string, string>, value?: number): string {
  return template
    .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, l: string) => labels[l] ?? '')
    .replace(/\{\{ \$labels\.(\w+) \| urlquery \}\}/g, (_, l: string) => queryEscape(labels[l] ?? ''))
    .replace(/\{\{ printf "%\.1f" \$value \}\}/g, () => (value ?? NaN).toFixed(1));
}

function expected(rule: AlertingRule, exprLabels: Record<string, string>, value?: number): ExpectedAlert {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule.annotations)) annotations[k] = expand(v, exprLabels, value);
  return { exp_labels: { [ALERTNAME]: rule.alert, ...exprLabels, ...rule.labels }, exp_annotations: annotations };
}

function alertsIn(groups: readonly RuleGroup[], groupName: string): AlertingRule[] {
  return groups.filter((g) => g.name === groupName).flatMap((g) => g.rules.filter(isAlertingRule));
}

/** Steps of `step` seconds that cover `seconds`, plus two evaluations of slack. */
function stepsFor(seconds: number, step: number): number {
  return Math.ceil(seconds / step) + 2;
}

/**
 * Input series for one SLO over `steps` intervals. Event SLIs get `perStep` events per interval, a
 * `badShare` of them bad; state SLIs are bad throughout when `badShare` is above 0 (a quality SLI
 * with a baseline from last week turns bad at `turnAt`).
 */
function sloSeries(
  slo: Slo,
  ids: Record<string, string>,
  badShare: number,
  interval: number,
  steps: number,
  perStep = 100,
  turnAt?: number
): InputSeries[] {
  const sel = { ...slo.selector };
  const sli = slo.sli;
  const bad = badShare > 0;
  const model = { ...sel, [LABEL.model]: ids[LABEL.model] ?? TEST_VALUE };
  const all = counter(perStep, steps);
  const badEvents = counter(perStep * badShare, steps);
  const goodEvents = counter(perStep * (1 - badShare), steps);
  /** Bad and good events as two outcome series; a side without events has no series at all. */
  const byOutcome = (name: string, labels: Record<string, string>, badOutcome: string, goodOutcome: string) => [
    ...(bad ? [series(name, { ...labels, [LABEL.outcome]: badOutcome }, badEvents)] : []),
    ...(badShare < 1 ? [series(name, { ...labels, [LABEL.outcome]: goodOutcome }, goodEvents)] : []),
  ];
  switch (sli.kind) {
    case 'pipelineSuccess':
      return byOutcome(
        M.pipelineRuns.prometheus.name,
        { ...sel, [LABEL.pipeline]: ids[LABEL.pipeline] ?? TEST_VALUE },
        run('failure'),
        run('success')
      );
    case 'completeness': {
      const dataset = { ...sel, [LABEL.dataset]: ids[LABEL.dataset] ?? TEST_VALUE };
      return [
        series(M.datasetRecords.prometheus.name, dataset, all),
        series(
          M.datasetMissing.prometheus.name,
          { ...dataset, [LABEL.field]: ids[LABEL.field] ?? TEST_VALUE },
          badEvents
        ),
      ];
    }
    case 'latency': {
      const h = M.modelPredictionDuration.prometheus;
      return [
        series(h.count, model, all),
        series(h.bucket, { ...model, [LABEL.le]: leValue(sli.threshold) }, goodEvents),
      ];
    }
    case 'availability':
      // The all-good case has no error series at all: the SLI must read 0, not nothing.
      return [
        series(M.modelPredictions.prometheus.name, model, all),
        ...(bad ? [series(M.modelErrors.prometheus.name, model, badEvents)] : []),
      ];
    case 'falsePositiveRate':
      return [
        ...byOutcome(M.modelOutcomes.prometheus.name, model, prediction('fp'), prediction('tn')),
        // Positives do not count: FPR is over actual negatives only.
        series(
          M.modelOutcomes.prometheus.name,
          { ...model, [LABEL.outcome]: prediction('tp') },
          counter(perStep * 5, steps)
        ),
      ];
    case 'freshness': {
      const gauge = sli.of === 'pipeline' ? M.pipelineLastSuccess : M.featureLastUpdate;
      const label = sli.of === 'pipeline' ? LABEL.pipeline : LABEL.feature;
      const values = bad ? constant(LONG_AGO, steps) : counter(interval, steps); // good: updated every step
      return [series(gauge.prometheus.name, { ...sel, [label]: ids[label] ?? TEST_VALUE }, values)];
    }
    case 'drift': {
      const feature = { ...sel, [LABEL.feature]: ids[LABEL.feature] ?? TEST_VALUE };
      return [
        series(M.featurePsi.prometheus.name, feature, constant(bad ? sli.maxPsi * 2 : sli.maxPsi / 10, steps)),
        series(M.featureLastUpdate.prometheus.name, feature, counter(interval, steps)),
      ];
    }
    case 'quality':
      return outcomeSeries(model, bad, steps, turnAt);
    case 'costPerPrediction':
      return [
        series(M.modelPredictions.prometheus.name, model, all),
        series(M.modelCost.prometheus.name, model, counter(perStep * sli.max * (bad ? 10 : 0.1), steps)),
      ];
  }
}

/**
 * Labelled outcomes: correct all along when good; when bad, correct until `turnAt` (the baseline
 * week), then incorrect. Without `turnAt` (fixed baseline) a bad model is incorrect throughout.
 */
function outcomeSeries(model: Record<string, string>, bad: boolean, steps: number, turnAt?: number): InputSeries[] {
  const correct = { ...model, [LABEL.outcome]: prediction('correct') };
  const incorrect = { ...model, [LABEL.outcome]: prediction('incorrect') };
  if (!bad) return [series(M.modelOutcomes.prometheus.name, correct, counter(100, steps))];
  if (turnAt === undefined) return [series(M.modelOutcomes.prometheus.name, incorrect, counter(100, steps))];
  const after = steps - turnAt;
  return [
    series(M.modelOutcomes.prometheus.name, correct, `0+100x${turnAt} ${turnAt * 100}+0x${after - 1}`),
    series(M.modelOutcomes.prometheus.name, incorrect, `0+0x${turnAt} 100+100x${after - 1}`),
  ];
}

/** The same series from another scrape job or Pushgateway group. */
function withJob(input: InputSeries, job: string): InputSeries {
  return { ...input, series: input.series.replace(/\}$/, `,job="${job}"}`) };
}

/** A Pushgateway group of a retired job: its last PSI and last update, pushed long ago and kept. */
function retiredGroup(feature: Record<string, string>, psi: number): InputSeries[] {
  const group = { ...feature, job: 'retired' };
  return [
    series(M.featurePsi.prometheus.name, group, constant(psi, SHORT_STEPS)),
    series(M.featureLastUpdate.prometheus.name, group, constant(LONG_AGO, SHORT_STEPS)),
  ];
}

/** The value a firing burn alert holds when every evaluation in its windows was bad: 1 / budget. */
function fullBurn(slo: Slo): number {
  return 1 / Number(num(errorBudget(slo)));
}

/** How fast the new SLI of `newSliScenario` burns its budget (× the sustainable rate). */
const NEW_SLI_BURN = 10;

/**
 * A new SLI burning at 10× for the 72 minutes of a short scenario (review-e B1). Its windows count
 * the time before it was first seen as good, so a window w reads 10× × min(1, t / w), t being the
 * time since the first evaluation that saw it plus one evaluation: with a 30-day period every pair
 * stays silent (the 6h/30m page fired within a minute when windows divided by the data that
 * existed), with a 1-day period the longest ticket pair fires (72 minutes at 10× is half its budget).
 */
function newSliScenario(
  slo: Slo,
  burnRules: readonly AlertingRule[],
  exprLabels: Record<string, string>,
  ids: Record<string, string>,
  scale: TimeScale
): Scenario {
  const steps = SHORT_STEPS;
  const iv = scale.seconds(`${STEP.short}s`);
  const budget = Number(num(errorBudget(slo)));
  const badShare = Math.min(1, NEW_SLI_BURN * budget);
  const burn = badShare / budget;
  const seen = steps * iv;
  const at = (window: number) => burn * Math.min(1, seen / scale.seconds(formatDuration(window)));
  const firing = burnRules.filter((rule) => {
    const pair = sloPairs(slo).find((p) => pairName(p) === rule.labels[BURN_WINDOW_LABEL]);
    return pair !== undefined && at(pair.long) > pair.factor && at(pair.short) > pair.factor;
  });
  const value = (rule: AlertingRule) => {
    const pair = sloPairs(slo).find((p) => pairName(p) === rule.labels[BURN_WINDOW_LABEL]);
    return pair ? at(pair.long) : undefined;
  };
  return {
    name:
      `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: a new SLI at ${num(burn)}× for ${(steps * STEP.short) / 60} minutes ` +
      `fires only the pairs whose windows, counting the time before it as good, pass their factor` +
      ` (${firing.length ? firing.map((r) => `${r.labels[RULE_LABEL.severity]} ${r.labels[BURN_WINDOW_LABEL]}`).join(', ') : 'none'})`,
    series: sloSeries(slo, ids, badShare, iv, steps),
    alerts: burnRules.map((rule) => ({ rule, exprLabels, value: value(rule) })),
    firing: firing.length > 0,
    only: firing,
    file: 'short',
    steps,
  };
}

function sloScenarios(spec: Spec, slo: Slo, groups: readonly RuleGroup[], scale: TimeScale): Scenario[] {
  const rules = alertsIn(groups, `sieve-slo-alerts-${slo.name}`);
  if (!rules.length) return [];
  const burnRules = rules.filter((r) => r.alert === BURN_ALERTS[slo.sli.kind]);
  // A feature or dataset some pipeline lists, so the alerts are checked to carry its pipeline (F14).
  const owned = anOwnedName(spec, slo);
  const ids: Record<string, string> = {};
  for (const l of sloLabels(slo)) ids[l] = slo.selector[l] ?? (owned?.label === l ? owned.name : TEST_VALUE);
  const recordedLabels = { ...sloIdentity(spec, slo), ...ids };
  const exprLabels = { ...recordedLabels, ...owningPipelineLabel(spec, slo, ids) };
  const query = sliQuery(slo, timeScale());
  const out: Scenario[] = [];
  if (slo.sli.kind === 'pipelineSuccess' && slo.sli.schedule) return sparseScenarios(slo, rules, ids, scale);

  if (query.type === 'events') {
    const steps = SHORT_STEPS;
    const iv = scale.seconds(`${STEP.short}s`);
    out.push(newSliScenario(slo, burnRules, exprLabels, ids, scale), {
      name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: all good, silent`,
      series: sloSeries(slo, ids, 0, iv, steps),
      alerts: burnRules.map((rule) => ({ rule, exprLabels })),
      firing: false,
      file: 'short',
      steps,
    });
    // Every pair fires once the SLI is older than the longest window and all of it was bad: the
    // coarse file evaluates hourly, over input at the fine file's step (5m rates need two samples).
    const longest = Math.max(...sloPairs(slo).map((p) => p.long));
    const hourly = stepsFor(longest + 7200, STEP.long);
    const samples = Math.ceil((hourly * scale.seconds(`${STEP.long}s`)) / iv);
    out.push({
      name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: all bad for longer than the longest window, every pair fires`,
      series: sloSeries(slo, ids, 1, iv, samples),
      alerts: burnRules.map((rule) => ({ rule, exprLabels, value: fullBurn(slo) })),
      firing: true,
      file: 'long',
      steps: hourly,
      inputInterval: iv,
    });
    const windows = recordedWindows(slo).map(formatDuration).slice(0, 2);
    out.push({
      name: `SLI of SLO ${slo.name}: one bad event in ten reads 0.1 in every window`,
      series: sloSeries(slo, ids, 0.1, iv, steps),
      alerts: [],
      firing: false,
      file: 'short',
      steps,
      recorded: windows.map((w) => ({
        selector: `${RECORD.errorRatio(w)}${sloSelector(spec, slo)}`,
        labels: { ...recordedLabels, [RULE_LABEL.sloWindow]: w },
        value: 0.1,
      })),
    });
    if (slo.minEvents > 0) {
      // The minimum-traffic guard: every event bad, but half of minEvents in the whole scenario.
      out.push({
        name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: all bad but under ${slo.minEvents} events, silent`,
        series: sloSeries(slo, ids, 1, iv, steps, slo.minEvents / 2 / steps),
        alerts: burnRules.map((rule) => ({ rule, exprLabels })),
        firing: false,
        file: 'short',
        steps,
      });
    }
    return out;
  }

  // Time SLIs: run until the longest window holds only bad evaluations, so every pair reads 1 / budget.
  const step = STEP.long;
  const iv = scale.seconds(`${step}s`);
  const longest = Math.max(...sloPairs(slo).map((p) => p.long), 3600);
  const sli = slo.sli;
  const history = sli.kind === 'quality' && !('value' in sli.baseline) ? sli.baseline : undefined;
  // A baseline from last week must be good: the model turns bad only after it.
  const badSpan = stepsFor(longest + 7200, step);
  const steps = history
    ? stepsFor(parseDuration(history.offset) + parseDuration(history.window), step) + badSpan
    : badSpan;
  const turnAt = history ? steps - badSpan : undefined;
  out.push(
    {
      name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: all bad, every pair fires`,
      series: sloSeries(slo, ids, 1, iv, steps, 100, turnAt),
      alerts: rules.map((rule) => ({ rule, exprLabels, value: fullBurn(slo) })),
      firing: true,
      only: burnRules,
      file: 'long',
      steps,
    },
    {
      name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: all good, silent`,
      series: sloSeries(slo, ids, 0, scale.seconds(`${STEP.short}s`), SHORT_STEPS),
      alerts: rules.map((rule) => ({ rule, exprLabels })),
      firing: false,
      file: 'short',
      steps: SHORT_STEPS,
    }
  );
  if (slo.sli.kind === 'drift') {
    // A retired job's group keeps its last, drifted PSI in the Pushgateway; the live group is fine.
    const iv = scale.seconds(`${STEP.short}s`);
    out.push({
      name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: a retired group's drifted PSI does not count, the live group is fine`,
      series: [
        ...sloSeries(slo, ids, 0, iv, SHORT_STEPS).map((x) => withJob(x, 'live')),
        ...retiredGroup({ ...slo.selector, [LABEL.feature]: ids[LABEL.feature] ?? TEST_VALUE }, slo.sli.maxPsi * 2),
      ],
      alerts: rules.map((rule) => ({ rule, exprLabels })),
      firing: false,
      file: 'short',
      steps: SHORT_STEPS,
    });
  }
  /** Good data for the first `keep` steps, then none (a staleness marker, as when a target dies). */
  const stopsAfter = (keep: number) =>
    sloSeries(slo, ids, 0, iv, keep, 100, turnAt).map((s) => ({
      ...s,
      values: `${s.values} stale _x${steps - keep - 1}`,
    }));
  const silentFor = stepsFor(parseDuration(slo.noDataFor) + 3600, step);
  if (missingData(slo) === 'excluded') {
    const noData = rules.filter((r) => r.alert === SLO_ALERTS.noData);
    out.push({
      name: `${SLO_ALERTS.noData} for SLO ${slo.name}: data stops, the budget is untouched and a ticket says so`,
      series: stopsAfter(steps - silentFor),
      alerts: noData.map((rule) => ({ rule, exprLabels })),
      firing: true,
      file: 'long',
      steps,
      recorded: [
        {
          selector: `${RECORD.budgetRemaining}${sloSelector(spec, slo)}`,
          labels: { ...recordedLabels, [RULE_LABEL.sloWindow]: slo.period },
          value: 1,
        },
      ],
    });
  } else {
    // Missing is bad: a dead exporter's silence burns the budget like stale data would.
    out.push({
      name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: the exporter dies, silence burns the budget`,
      series: stopsAfter(2),
      alerts: burnRules.map((rule) => ({ rule, exprLabels, value: fullBurn(slo) })),
      firing: true,
      file: 'long',
      steps,
    });
  }
  return out;
}

/** Sparse pipelines: N failed runs in a row, and a missed run, from the run gauges. */
function sparseScenarios(
  slo: Slo,
  rules: readonly AlertingRule[],
  ids: Record<string, string>,
  scale: TimeScale
): Scenario[] {
  const sli = slo.sli;
  if (sli.kind !== 'pipelineSuccess' || !sli.schedule) return [];
  const step = STEP.long;
  const iv = scale.seconds(`${step}s`);
  const every = parseDuration(sli.schedule);
  const late = sli.late ? parseDuration(sli.late) : every / 4;
  const steps = stepsFor(Math.max(every * (sli.failedRunsInARow + 1), every + late), step);
  // Evaluated soon after the run is due, while the run's one sample is still within the rules' range.
  const exportedOnce = stepsFor(every + late, step);
  const exprLabels = Object.fromEntries(sloLabels(slo).map((l) => [l, ids[l] ?? TEST_VALUE]));
  const pipe = { ...slo.selector, ...exprLabels };
  const lastRun = M.pipelineLastRun.prometheus.name;
  const lastSuccess = M.pipelineLastSuccess.prometheus.name;
  const fresh = counter(iv, steps);
  const named = (alert: string) => rules.filter((r) => r.alert === alert).map((rule) => ({ rule, exprLabels }));
  const scenario = (alert: string, firing: boolean, what: string, input: InputSeries[], n = steps): Scenario => ({
    name: `${alert} for SLO ${slo.name}: ${what}`,
    series: input,
    alerts: named(alert),
    firing,
    file: 'long',
    steps: n,
  });
  return [
    scenario(SLO_ALERTS.runsFailed, true, `runs keep failing, no success since the start`, [
      series(lastRun, pipe, fresh),
      series(lastSuccess, pipe, constant(0, steps)),
    ]),
    scenario(SLO_ALERTS.runsFailed, false, 'every run succeeds', [
      series(lastRun, pipe, fresh),
      series(lastSuccess, pipe, fresh),
    ]),
    scenario(SLO_ALERTS.runMissed, true, `no run for ${formatDuration(steps * step)}`, [
      series(lastRun, pipe, constant(0, steps)),
      series(lastSuccess, pipe, constant(0, steps)),
    ]),
    // OTLP or an in-process scrape: each run's gauges are one sample, then stale (review-e B6).
    scenario(
      SLO_ALERTS.runMissed,
      true,
      'the last run was exported once (OTLP, an in-process scrape), then nothing',
      [series(lastRun, pipe, `0 _x${exportedOnce}`), series(lastSuccess, pipe, `0 _x${exportedOnce}`)],
      exportedOnce
    ),
    scenario(SLO_ALERTS.runMissed, false, 'runs on schedule', [
      series(lastRun, pipe, fresh),
      series(lastSuccess, pipe, fresh),
    ]),
  ];
}

/** `up == 0` and a job without targets, for every Sieve job (the other jobs' targets are up). */
function targetScenarios(spec: Spec, groups: readonly RuleGroup[]): Scenario[] {
  const rules = alertsIn(groups, 'sieve-target-health');
  const instance = 'host:9464';
  const up = (job: string, value: number) =>
    series(SCRAPE.up, { [SCRAPE.job]: job, instance }, constant(value, SHORT_STEPS));
  return spec.targets.jobs.flatMap((job) => {
    const others = spec.targets.jobs.filter((j) => j !== job).map((j) => up(j, 1));
    const of = (alert: string) => rules.filter((r) => r.alert === alert && r.labels[SCRAPE.job] === job);
    const s = (
      alert: string,
      firing: boolean,
      what: string,
      input: InputSeries[],
      exprLabels: Record<string, string>
    ): Scenario => ({
      name: `${alert} for job ${job}: ${what}`,
      series: [...input, ...others],
      alerts: of(alert).map((rule) => ({ rule, exprLabels })),
      firing,
      file: 'short',
      steps: SHORT_STEPS,
    });
    const target = { [SCRAPE.job]: job, instance };
    return [
      s(TARGET_ALERTS.down, true, 'scrapes fail', [up(job, 0)], target),
      s(TARGET_ALERTS.down, false, 'scrapes succeed', [up(job, 1)], target),
      s(TARGET_ALERTS.missing, true, 'no target at all', [], { [SCRAPE.job]: job }),
      s(TARGET_ALERTS.missing, false, 'a target is scraped', [up(job, 1)], { [SCRAPE.job]: job }),
    ];
  });
}

function pipelineScenarios(spec: Spec, groups: readonly RuleGroup[], scale: TimeScale): Scenario[] {
  const out: Scenario[] = [];
  const steps = SHORT_STEPS;
  const interval = scale.seconds(`${STEP.short}s`);
  for (const p of spec.pipelines) {
    const rules = alertsIn(groups, `sieve-pipeline-alerts-${p.name}`);
    const named = (alert: string) => rules.filter((r) => r.alert === alert);
    const pipe = { [LABEL.pipeline]: p.name };
    const both = (
      name: string,
      bad: InputSeries[],
      good: InputSeries[],
      alert: string,
      exprLabels: Record<string, string>
    ) => {
      for (const firing of [true, false]) {
        out.push({
          name: `${alert} for ${name}: ${firing ? 'fires' : 'silent'}`,
          series: firing ? bad : good,
          alerts: named(alert).map((rule) => ({ rule, exprLabels })),
          firing,
          file: 'short',
          steps,
        });
      }
    };
    const fresh = counter(interval, steps);
    const lastRun = M.pipelineLastRun.prometheus.name;
    const lastSuccess = M.pipelineLastSuccess.prometheus.name;
    both(
      p.name,
      [series(lastRun, pipe, constant(LONG_AGO, steps))],
      [series(lastRun, pipe, fresh)],
      DIRECT_ALERTS.pipelineNotRunning,
      pipe
    );
    both(
      p.name,
      [series(lastRun, pipe, fresh), series(lastSuccess, pipe, constant(0, steps))],
      [series(lastRun, pipe, fresh), series(lastSuccess, pipe, fresh)],
      DIRECT_ALERTS.pipelineFailing,
      pipe
    );
    const f = p.features;
    const feature = f ? { [LABEL.feature]: f.names[0] ?? TEST_VALUE } : undefined;
    if (f && feature) {
      const update = M.featureLastUpdate.prometheus.name;
      both(
        `feature ${feature[LABEL.feature]}`,
        [series(update, feature, constant(LONG_AGO, steps))],
        [series(update, feature, fresh)],
        DIRECT_ALERTS.featureStale,
        feature
      );
      const psi = M.featurePsi.prometheus.name;
      const updated = series(update, feature, fresh);
      both(
        `feature ${feature[LABEL.feature]} (significant PSI: ticket and page)`,
        [series(psi, feature, constant(f.psi.significant * 2, steps)), updated],
        [series(psi, feature, constant(f.psi.moderate / 2, steps)), updated],
        DIRECT_ALERTS.featureDrift,
        feature
      );
      out.push({
        name: `${DIRECT_ALERTS.featureDrift} for feature ${feature[LABEL.feature]}: a retired group's significant PSI does not count, the live group is fine`,
        series: [
          withJob(series(psi, feature, constant(f.psi.moderate / 2, steps)), 'live'),
          withJob(updated, 'live'),
          ...retiredGroup(feature, f.psi.significant * 2),
        ],
        alerts: named(DIRECT_ALERTS.featureDrift).map((rule) => ({ rule, exprLabels: feature })),
        firing: false,
        file: 'short',
        steps,
      });
      // Between the bands only the ticket fires.
      const ticket = named(DIRECT_ALERTS.featureDrift).filter((r) => r.labels[RULE_LABEL.severity] === SEVERITY.ticket);
      out.push({
        name: `${DIRECT_ALERTS.featureDrift} for feature ${feature[LABEL.feature]}: moderate PSI tickets only`,
        series: [series(psi, feature, constant((f.psi.moderate + f.psi.significant) / 2, steps)), updated],
        alerts: named(DIRECT_ALERTS.featureDrift).map((rule) => ({ rule, exprLabels: feature })),
        firing: true,
        only: ticket,
        file: 'short',
        steps,
      });
    }
    const d = p.datasets;
    if (d) {
      const dataset = { [LABEL.dataset]: d.names[0] ?? TEST_VALUE };
      const fingerprint = M.datasetSchemaFingerprint.prometheus.name;
      both(
        `dataset ${dataset[LABEL.dataset]}`,
        [series(fingerprint, dataset, `${constant(1, steps - 10)} 2+0x9`)],
        [series(fingerprint, dataset, constant(1, steps))],
        DIRECT_ALERTS.schemaChanged,
        dataset
      );
      const field = { ...dataset, [LABEL.field]: 'email' };
      const missingPerStep = (share: number) => counter(100 * share, steps);
      const records = series(M.datasetRecords.prometheus.name, dataset, counter(100, steps));
      both(
        `field ${field[LABEL.field]} of dataset ${dataset[LABEL.dataset]}`,
        [
          records,
          series(M.datasetMissing.prometheus.name, field, missingPerStep(Math.min(1, (1 - d.minCompleteness) * 5))),
        ],
        [records, series(M.datasetMissing.prometheus.name, field, missingPerStep((1 - d.minCompleteness) / 5))],
        DIRECT_ALERTS.datasetIncomplete,
        field
      );
    }
  }
  return out;
}

function modelScenarios(spec: Spec, groups: readonly RuleGroup[]): Scenario[] {
  const out: Scenario[] = [];
  for (const m of spec.models) {
    const rules = alertsIn(groups, `sieve-model-alerts-${m.name}`);
    const model = { [LABEL.model]: m.name };
    if (m.accuracy) {
      const b = m.accuracy.baseline;
      // Last week's baseline needs a week of good history; the model turns bad in the last two hours.
      const long = !('value' in b);
      const steps = long ? stepsFor(parseDuration(b.offset) + parseDuration(b.window), STEP.long) + 4 : SHORT_STEPS;
      for (const bad of [true, false]) {
        out.push({
          name: `${DIRECT_ALERTS.modelAccuracyDegraded} for ${m.name}: ${bad ? 'fires' : 'silent'}`,
          series: outcomeSeries(model, bad, steps, long ? steps - 4 : undefined),
          alerts: rules
            .filter((r) => r.alert === DIRECT_ALERTS.modelAccuracyDegraded)
            .map((rule) => ({ rule, exprLabels: model })),
          firing: bad,
          file: long ? 'long' : 'short',
          steps,
        });
      }
    }
    if (m.falsePositiveRate) {
      const steps = SHORT_STEPS;
      const max = m.falsePositiveRate.max;
      for (const bad of [true, false]) {
        const fp = Math.round(100 * (bad ? Math.min(0.9, max * 2) : max / 2));
        out.push({
          name: `${DIRECT_ALERTS.modelFalsePositiveRateHigh} for ${m.name}: ${bad ? 'fires' : 'silent'}`,
          series: [
            series(
              M.modelOutcomes.prometheus.name,
              { ...model, [LABEL.outcome]: prediction('fp') },
              counter(fp, steps)
            ),
            series(
              M.modelOutcomes.prometheus.name,
              { ...model, [LABEL.outcome]: prediction('tn') },
              counter(100 - fp, steps)
            ),
          ],
          alerts: rules
            .filter((r) => r.alert === DIRECT_ALERTS.modelFalsePositiveRateHigh)
            .map((rule) => ({ rule, exprLabels: model })),
          firing: bad,
          file: 'short',
          steps,
        });
      }
    }
  }
  return out;
}

/** Every scenario, so tests can also check that each alerting rule has a firing and a silent one. */
export function scenarios(spec: Spec, scaleFactor = 1): Scenario[] {
  const scale = timeScale(scaleFactor);
  const rules = generateRules(spec, scaleFactor);
  return [
    ...spec.slos.flatMap((slo) => sloScenarios(spec, slo, rules.sloAlerts, scale)),
    ...pipelineScenarios(spec, rules.directAlerts, scale),
    ...modelScenarios(spec, rules.directAlerts),
    ...targetScenarios(spec, rules.directAlerts),
  ];
}

function testGroup(s: Scenario, interval: number) {
  const names = [...new Set(s.alerts.map((a) => a.rule.alert))];
  const fires = (rule: AlertingRule) => s.firing && (!s.only || s.only.includes(rule));
  const at = `${interval * s.steps}s`;
  return {
    name: s.name,
    interval: `${s.inputInterval ?? interval}s`,
    input_series: s.series,
    alert_rule_test: names.map((alertname) => ({
      eval_time: at,
      alertname,
      exp_alerts: s.alerts
        .filter((a) => a.rule.alert === alertname && fires(a.rule))
        .map((a) => expected(a.rule, a.exprLabels, a.value)),
    })),
    ...(s.recorded
      ? {
          // promtool 2.42 compares floats exactly; rates of 10 and 100 give 0.09999999999999999.
          promql_expr_test: s.recorded.map((r) => ({
            expr: `abs(${r.selector} - ${r.value}) < bool 1e-9`,
            eval_time: at,
            exp_samples: [{ labels: matchers(r.labels), value: 1 }],
          })),
        }
      : {}),
  };
}

export const TEST_FILES = { short: 'rules.test.yml', long: 'long.test.yml' } as const;

/**
 * The promtool test files, keyed by name. `rulesDir` is where the rule files are, as seen from
 * `testsDir` (promtool resolves `rule_files` relative to the test file). The evaluation interval
 * is each file's step: the time SLIs' subqueries count evaluation steps with it.
 */
export function promtoolTestFiles(
  spec: Spec,
  specPath: string,
  testsDir: string,
  rulesDir: string,
  scaleFactor = 1,
  /** The command that made the files, for their headers (the CLI passes its own). */
  command?: string
): Record<string, string> {
  const scale = timeScale(scaleFactor);
  const ruleFiles = Object.values(RULE_FILES).map((f) => relative(testsDir, `${rulesDir}/${f}`));
  const all = scenarios(spec, scaleFactor);
  const rules = generateRules(spec, scaleFactor);
  // Recordings first: at coarse intervals an alert read before its recording sees nothing (the
  // previous sample is older than the 5m lookback).
  const order = [...rules.sliRecordings, ...rules.sloAlerts, ...rules.directAlerts].map((g) => g.name);
  const files: Record<string, string> = {};
  for (const kind of ['short', 'long'] as const) {
    const list = all.filter((s) => s.file === kind);
    if (!list.length) continue;
    const interval = scale.seconds(`${STEP[kind]}s`);
    files[TEST_FILES[kind]] =
      header(provenance(specPath, scaleFactor, command)) +
      toYaml({
        rule_files: ruleFiles,
        evaluation_interval: `${interval}s`,
        group_eval_order: order,
        tests: list.map((s) => testGroup(s, interval)),
      });
  }
  return files;
}
