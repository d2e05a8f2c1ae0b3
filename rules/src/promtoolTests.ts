import { relative } from 'node:path';
import { LABEL, METRICS, type PredictionOutcome, type RunOutcome } from '@sieve/otel-instrumentation/catalog';
import { BURN_ALERTS, DIRECT_ALERTS } from './alertNames.ts';
import { generateRules, RULE_FILES } from './generate.ts';
import { matchers } from './promql.ts';
import { header, toYaml } from './render.ts';
import { ALERTNAME, RULE_LABEL, SEVERITY } from './ruleLabels.ts';
import { isAlertingRule, type AlertingRule, type RuleGroup } from './ruleTypes.ts';
import { leValue, sliQuery } from './sliQueries.ts';
import { RECORD } from './sliRules.ts';
import { sloIdentity, sloSelector } from './sloIdentity.ts';
import { sliLabels, type Baseline, type Slo, type Spec } from './spec.ts';
import { timeScale } from './timeScale.ts';

/**
 * `promtool test rules` files generated from the same spec as the rules, so they cannot drift: for
 * every alerting rule, a scenario where it fires (labels and expanded annotations asserted) and one
 * where it stays silent. Rules comparing with last week's baseline run in a second, coarser file.
 */

interface InputSeries {
  series: string;
  values: string;
}
interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}
/** One scenario: input series, and the alerts expected at the end (none when `firing` is false). */
interface Scenario {
  name: string;
  series: InputSeries[];
  /** Alerting rules this scenario is about, with the labels their expression yields. */
  alerts: Array<{ rule: AlertingRule; exprLabels: Record<string, string> }>;
  firing: boolean;
  /** When firing, only these rules are expected (the others of the same name stay silent). */
  only?: readonly AlertingRule[];
  long: boolean;
  /** Recorded series expected to hold `value` (within 1e-9) at the end (promql_expr_test). */
  recorded?: Array<{ selector: string; labels: Record<string, string>; value: number }>;
}

const M = METRICS;
/** Short scenarios: two hours at two-minute resolution (covers the 1d/2h ticket's short window). */
const SHORT = { interval: 120, steps: 60 };
/** Baseline scenarios: last week's window plus two hours, at thirty minutes. */
const LONG = { interval: 1800, steps: 7 * 48 + 4 };
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

function expand(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, l: string) => labels[l] ?? '');
}

function expected(rule: AlertingRule, exprLabels: Record<string, string>): ExpectedAlert {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule.annotations)) annotations[k] = expand(v, exprLabels);
  return { exp_labels: { [ALERTNAME]: rule.alert, ...exprLabels, ...rule.labels }, exp_annotations: annotations };
}

function alertsIn(groups: readonly RuleGroup[], groupName: string): AlertingRule[] {
  return groups.filter((g) => g.name === groupName).flatMap((g) => g.rules.filter(isAlertingRule));
}

function usesOffsetBaseline(b: Baseline): boolean {
  return !('value' in b);
}

/**
 * Input series for one SLO over `steps` intervals. Event SLIs get `perStep` events per interval, a
 * `badShare` of them bad; state SLIs are bad throughout when `badShare` is above 0.
 */
function sloSeries(
  slo: Slo,
  ids: Record<string, string>,
  badShare: number,
  interval: number,
  steps: number,
  perStep = 100
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
    case 'drift':
      return [
        series(
          M.featurePsi.prometheus.name,
          { ...sel, [LABEL.feature]: ids[LABEL.feature] ?? TEST_VALUE },
          constant(bad ? sli.maxPsi * 2 : sli.maxPsi / 10, steps)
        ),
      ];
    case 'quality':
      return outcomeSeries(model, bad, steps, 'value' in sli.baseline ? undefined : LONG.steps - 4);
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

function sloScenarios(spec: Spec, slo: Slo, groups: readonly RuleGroup[]): Scenario[] {
  const rules = alertsIn(groups, `sieve-slo-alerts-${slo.name}`);
  if (!rules.length) return [];
  const ids: Record<string, string> = {};
  for (const l of sliLabels(slo.sli)) ids[l] = (slo.selector as Record<string, string>)[l] ?? TEST_VALUE;
  const exprLabels = { ...sloIdentity(spec, slo), ...ids };
  const long = slo.sli.kind === 'quality' && usesOffsetBaseline(slo.sli.baseline);
  const { interval, steps } = long ? LONG : SHORT;
  const out: Scenario[] = [true, false].map((bad) => ({
    name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: ${bad ? 'all bad, page and ticket fire' : 'all good, silent'}`,
    series: sloSeries(slo, ids, bad ? 1 : 0, interval, steps),
    alerts: rules.map((rule) => ({ rule, exprLabels })),
    firing: bad,
    long,
  }));
  if (!long && sliQuery(slo, timeScale()).type === 'events') {
    out.push({
      name: `SLI of SLO ${slo.name}: one bad event in ten reads 0.1 in every window`,
      series: sloSeries(slo, ids, 0.1, interval, steps),
      alerts: [],
      firing: false,
      long,
      recorded: ['5m', '1h'].map((w) => ({
        selector: `${RECORD.errorRatio(w)}${sloSelector(spec, slo)}`,
        labels: { ...exprLabels, [RULE_LABEL.sloWindow]: w },
        value: 0.1,
      })),
    });
  }
  if (slo.minEvents > 0) {
    // The minimum-traffic guard: every event bad, but half of minEvents in the whole scenario.
    out.push({
      name: `${BURN_ALERTS[slo.sli.kind]} for SLO ${slo.name}: all bad but under ${slo.minEvents} events, silent`,
      series: sloSeries(slo, ids, 1, interval, steps, slo.minEvents / 2 / steps),
      alerts: rules.map((rule) => ({ rule, exprLabels })),
      firing: false,
      long,
    });
  }
  return out;
}

function pipelineScenarios(spec: Spec, groups: readonly RuleGroup[]): Scenario[] {
  const out: Scenario[] = [];
  const { interval, steps } = SHORT;
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
          long: false,
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
      both(
        `feature ${feature[LABEL.feature]} (significant PSI: ticket and page)`,
        [series(psi, feature, constant(f.psi.significant * 2, steps))],
        [series(psi, feature, constant(f.psi.moderate / 2, steps))],
        DIRECT_ALERTS.featureDrift,
        feature
      );
      // Between the bands only the ticket fires.
      const ticket = named(DIRECT_ALERTS.featureDrift).filter((r) => r.labels[RULE_LABEL.severity] === SEVERITY.ticket);
      out.push({
        name: `${DIRECT_ALERTS.featureDrift} for feature ${feature[LABEL.feature]}: moderate PSI tickets only`,
        series: [series(psi, feature, constant((f.psi.moderate + f.psi.significant) / 2, steps))],
        alerts: named(DIRECT_ALERTS.featureDrift).map((rule) => ({ rule, exprLabels: feature })),
        firing: true,
        only: ticket,
        long: false,
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
      const long = usesOffsetBaseline(m.accuracy.baseline);
      const { steps } = long ? LONG : SHORT;
      for (const bad of [true, false]) {
        out.push({
          name: `${DIRECT_ALERTS.modelAccuracyDegraded} for ${m.name}: ${bad ? 'fires' : 'silent'}`,
          series: outcomeSeries(model, bad, steps, long ? LONG.steps - 4 : undefined),
          alerts: rules
            .filter((r) => r.alert === DIRECT_ALERTS.modelAccuracyDegraded)
            .map((rule) => ({ rule, exprLabels: model })),
          firing: bad,
          long,
        });
      }
    }
    if (m.falsePositiveRate) {
      const { steps } = SHORT;
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
          long: false,
        });
      }
    }
  }
  return out;
}

/** Every scenario, so tests can also check that each alerting rule has a firing and a silent one. */
export function scenarios(spec: Spec): Scenario[] {
  const rules = generateRules(spec);
  return [
    ...spec.slos.flatMap((slo) => sloScenarios(spec, slo, rules.sloAlerts)),
    ...pipelineScenarios(spec, rules.directAlerts),
    ...modelScenarios(spec, rules.directAlerts),
  ];
}

function testGroup(s: Scenario, interval: number, steps: number) {
  const names = [...new Set(s.alerts.map((a) => a.rule.alert))];
  const fires = (rule: AlertingRule) => s.firing && (!s.only || s.only.includes(rule));
  return {
    name: s.name,
    interval: `${interval}s`,
    input_series: s.series,
    alert_rule_test: names.map((alertname) => ({
      eval_time: `${interval * steps}s`,
      alertname,
      exp_alerts: s.alerts
        .filter((a) => a.rule.alert === alertname && fires(a.rule))
        .map((a) => expected(a.rule, a.exprLabels)),
    })),
    ...(s.recorded
      ? {
          // promtool 2.42 compares floats exactly; rates of 10 and 100 give 0.09999999999999999.
          promql_expr_test: s.recorded.map((r) => ({
            expr: `abs(${r.selector} - ${r.value}) < bool 1e-9`,
            eval_time: `${interval * steps}s`,
            exp_samples: [{ labels: matchers(r.labels), value: 1 }],
          })),
        }
      : {}),
  };
}

export const TEST_FILES = { short: 'rules.test.yml', baseline: 'baseline.test.yml' } as const;

/**
 * The promtool test files, keyed by name. `rulesDir` is where the rule files are, as seen from
 * `testsDir` (promtool resolves `rule_files` relative to the test file).
 */
export function promtoolTestFiles(
  spec: Spec,
  specPath: string,
  testsDir: string,
  rulesDir: string
): Record<string, string> {
  const ruleFiles = Object.values(RULE_FILES).map((f) => relative(testsDir, `${rulesDir}/${f}`));
  const all = scenarios(spec);
  const rules = generateRules(spec);
  // Recordings first: at coarse intervals an alert read before its recording sees nothing (the
  // previous sample is older than the 5m lookback).
  const order = [...rules.sliRecordings, ...rules.sloAlerts, ...rules.directAlerts].map((g) => g.name);
  const file = (list: Scenario[], { interval, steps }: { interval: number; steps: number }) =>
    header(specPath.split('/').pop() ?? specPath) +
    toYaml({
      rule_files: ruleFiles,
      evaluation_interval: `${interval}s`,
      group_eval_order: order,
      tests: list.map((s) => testGroup(s, interval, steps)),
    });
  const files: Record<string, string> = {
    [TEST_FILES.short]: file(
      all.filter((s) => !s.long),
      SHORT
    ),
  };
  const long = all.filter((s) => s.long);
  if (long.length) files[TEST_FILES.baseline] = file(long, LONG);
  return files;
}
