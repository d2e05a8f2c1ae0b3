import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { DIRECT_ALERTS } from './alertNames.ts';
import { annotations, DASHBOARDS, labelRef } from './annotations.ts';
import { parseDuration } from './durations.ts';
import { accuracy, accuracyFloor, falsePositiveRate } from './modelQuality.ts';
import { anyOf, by, matchers, num } from './promql.ts';
import { RULE_LABEL, SEVERITY, type Severity } from './ruleLabels.ts';
import type { AlertingRule, RuleGroup } from './ruleTypes.ts';
import type { ModelAlerts, PipelineAlerts, Spec } from './spec.ts';
import type { TimeScale } from './timeScale.ts';

/**
 * Alerts on a condition rather than a budget: a pipeline that stopped or fails, stale features,
 * schema changes, PSI bands, completeness drops, and model quality. Every alert carries its
 * pipeline or model as a rule label too: feature and dataset alerts need it for inhibition, and it
 * keeps alerts of different pipelines distinct for `promtool check rules --lint=all`.
 */

const M = METRICS;

function rule(
  spec: Spec,
  alert: string,
  severity: Severity,
  expr: string,
  hold: string | undefined,
  scale: TimeScale,
  extraLabels: Record<string, string>,
  text: { summary: string; description: string },
  dashboard: (typeof DASHBOARDS)[keyof typeof DASHBOARDS],
  dashboardVars: ReadonlyArray<string | readonly [string, string]>
): AlertingRule {
  const scaledHold = hold && parseDuration(hold) > 0 ? scale.duration(hold) : undefined;
  return {
    alert,
    expr,
    ...(scaledHold ? { for: scaledHold } : {}),
    labels: { ...spec.labels, ...extraLabels, [RULE_LABEL.severity]: severity },
    annotations: annotations(spec, alert, text, dashboard, dashboardVars),
  };
}

export function pipelineAlertGroup(spec: Spec, p: PipelineAlerts, scale: TimeScale): RuleGroup {
  const pipe = { [LABEL.pipeline]: p.name };
  const lastRun = `max ${by([LABEL.pipeline])} (${M.pipelineLastRun.prometheus.name}${matchers(pipe)})`;
  const lastSuccess = `max ${by([LABEL.pipeline])} (${M.pipelineLastSuccess.prometheus.name}${matchers(pipe)})`;
  const P = labelRef(LABEL.pipeline);
  const rules: AlertingRule[] = [
    rule(
      spec,
      DIRECT_ALERTS.pipelineNotRunning,
      SEVERITY.page,
      // Wall-clock age: the gauge is a Unix time, so compressed tests compress the bound instead.
      `time() - ${lastRun} > ${num(scale.seconds(p.notRunningAfter))}`,
      undefined,
      scale,
      pipe,
      {
        summary: 'A pipeline stopped running.',
        description: `Pipeline ${P} has not finished a run for more than ${p.notRunningAfter}.`,
      },
      DASHBOARDS.pipelines,
      [LABEL.pipeline]
    ),
    rule(
      spec,
      DIRECT_ALERTS.pipelineFailing,
      SEVERITY.page,
      `${lastRun} > ${lastSuccess}\nor\n${lastRun} unless on (${LABEL.pipeline}) ${lastSuccess}\n`,
      p.failingFor,
      scale,
      pipe,
      {
        summary: 'A pipeline keeps failing.',
        description: `The last run of pipeline ${P} did not succeed, and no run has succeeded since, for ${p.failingFor}.`,
      },
      DASHBOARDS.pipelines,
      [LABEL.pipeline]
    ),
  ];

  // Feature and dataset alerts get `pipeline` from the rule, so their text names it literally.
  const f = p.features;
  if (f) {
    const P = p.name;
    const sel = matchers({}, { [LABEL.feature]: anyOf(f.names) });
    const F = labelRef(LABEL.feature);
    const psi = `max ${by([LABEL.feature])} (${M.featurePsi.prometheus.name}${sel})`;
    const featureVars = [[LABEL.pipeline, p.name] as const, LABEL.feature];
    rules.push(
      rule(
        spec,
        DIRECT_ALERTS.featureStale,
        SEVERITY.ticket,
        `time() - max ${by([LABEL.feature])} (${M.featureLastUpdate.prometheus.name}${sel}) > ${num(scale.seconds(f.maxAge))}`,
        undefined,
        scale,
        pipe,
        {
          summary: 'A feature stopped receiving values.',
          description: `Feature ${F} of pipeline ${P} has received no value for more than ${f.maxAge}.`,
        },
        DASHBOARDS.features,
        featureVars
      ),
      rule(
        spec,
        DIRECT_ALERTS.featureDrift,
        SEVERITY.ticket,
        `${psi} > ${num(f.psi.moderate)}`,
        f.psi.ticketFor,
        scale,
        pipe,
        {
          summary: 'A feature distribution drifted from its baseline.',
          description: `The PSI of feature ${F} (pipeline ${P}) has been above ${num(f.psi.moderate)} (moderate shift) for ${f.psi.ticketFor}.`,
        },
        DASHBOARDS.features,
        featureVars
      ),
      rule(
        spec,
        DIRECT_ALERTS.featureDrift,
        SEVERITY.page,
        `${psi} > ${num(f.psi.significant)}`,
        f.psi.pageFor,
        scale,
        pipe,
        {
          summary: 'A feature distribution drifted from its baseline.',
          description: `The PSI of feature ${F} (pipeline ${P}) has been above ${num(f.psi.significant)} (significant shift) for ${f.psi.pageFor}.`,
        },
        DASHBOARDS.features,
        featureVars
      )
    );
  }

  const d = p.datasets;
  if (d) {
    const P = p.name;
    const sel = matchers({}, { [LABEL.dataset]: anyOf(d.names) });
    const D = labelRef(LABEL.dataset);
    const w = scale.duration(d.window);
    const changeWindow = scale.duration(d.schemaChangeWindow);
    const dataset = by([LABEL.dataset]);
    rules.push(
      rule(
        spec,
        DIRECT_ALERTS.schemaChanged,
        SEVERITY.ticket,
        // The fingerprint catches the first change too; the counter catches changes between scrapes.
        `max ${dataset} (changes(${M.datasetSchemaFingerprint.prometheus.name}${sel}[${changeWindow}])) > 0\n` +
          `or\nmax ${dataset} (increase(${M.datasetSchemaChanges.prometheus.name}${sel}[${changeWindow}])) > 0\n`,
        undefined,
        scale,
        pipe,
        {
          summary: 'A dataset schema changed.',
          description: `The schema of dataset ${D} (pipeline ${P}) changed within the last ${d.schemaChangeWindow}: fields were added, removed or retyped.`,
        },
        DASHBOARDS.dataQuality,
        [[LABEL.pipeline, p.name] as const, LABEL.dataset]
      ),
      rule(
        spec,
        DIRECT_ALERTS.datasetIncomplete,
        SEVERITY.ticket,
        `1 - (\n  sum ${by([LABEL.dataset, LABEL.field])} (rate(${M.datasetMissing.prometheus.name}${sel}[${w}]))\n` +
          `  / on (${LABEL.dataset}) group_left\n  sum ${dataset} (rate(${M.datasetRecords.prometheus.name}${sel}[${w}]))\n) < ${num(d.minCompleteness)}\n`,
        d.for,
        scale,
        pipe,
        {
          summary: 'A dataset field is less complete than expected.',
          description: `Field ${labelRef(LABEL.field)} of dataset ${D} (pipeline ${P}) was present in under ${num(d.minCompleteness * 100)}% of records over ${d.window}, for ${d.for}.`,
        },
        DASHBOARDS.dataQuality,
        [[LABEL.pipeline, p.name] as const, LABEL.dataset]
      )
    );
  }
  return { name: `sieve-pipeline-alerts-${p.name}`, rules };
}

export function modelAlertGroup(spec: Spec, m: ModelAlerts, scale: TimeScale): RuleGroup {
  const sel = { [LABEL.model]: m.name };
  const MODEL = labelRef(LABEL.model);
  const rules: AlertingRule[] = [];
  if (m.accuracy) {
    const a = m.accuracy;
    const base =
      'value' in a.baseline
        ? `${num(a.baseline.value * 100)}%`
        : `its ${a.baseline.window} accuracy ${a.baseline.offset} earlier`;
    rules.push(
      rule(
        spec,
        DIRECT_ALERTS.modelAccuracyDegraded,
        SEVERITY.ticket,
        `${accuracy(sel, `[${scale.duration(a.window)}]`)}\n< ${accuracyFloor(sel, a.baseline, a.maxDrop, scale.duration)}\n`,
        a.for,
        scale,
        sel,
        {
          summary: 'Model accuracy dropped below its baseline.',
          description: `Accuracy of model ${MODEL} over ${a.window} is more than ${num(a.maxDrop * 100)}% below ${base}, for ${a.for}.`,
        },
        DASHBOARDS.models,
        [LABEL.model]
      )
    );
  }
  if (m.falsePositiveRate) {
    const r = m.falsePositiveRate;
    rules.push(
      rule(
        spec,
        DIRECT_ALERTS.modelFalsePositiveRateHigh,
        SEVERITY.ticket,
        `${falsePositiveRate(sel, `[${scale.duration(r.window)}]`)} > ${num(r.max)}`,
        r.for,
        scale,
        sel,
        {
          summary: 'Model false-positive rate is too high.',
          description: `The false-positive rate of model ${MODEL} over ${r.window} has been above ${num(r.max * 100)}% for ${r.for}.`,
        },
        DASHBOARDS.models,
        [LABEL.model]
      )
    );
  }
  return { name: `sieve-model-alerts-${m.name}`, rules };
}
