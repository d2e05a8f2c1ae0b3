import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { DIRECT_ALERTS } from './alertNames.ts';
import { annotations, DASHBOARDS, labelRef, PANELS, type DashboardUid } from './annotations.ts';
import { parseDuration } from './durations.ts';
import { missingShare } from './dataQuality.ts';
import { currentPsi } from './featurePsi.ts';
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

interface DirectAlert {
  alert: string;
  severity: Severity;
  expr: string;
  /** The `for:` hold, nominal (scaled here); none when the expression already holds a duration. */
  hold?: string;
  labels: Record<string, string>;
  summary: string;
  description: string;
  dashboard: DashboardUid;
  /** Dashboard variables: a label of the alert, or [name, fixed value]. */
  vars: ReadonlyArray<string | readonly [string, string]>;
  /** The panel the dashboard_url opens (PANELS). */
  panel: number;
}

function rule(spec: Spec, scale: TimeScale, a: DirectAlert): AlertingRule {
  const hold = a.hold && parseDuration(a.hold) > 0 ? scale.duration(a.hold) : undefined;
  return {
    alert: a.alert,
    expr: a.expr,
    ...(hold ? { for: hold } : {}),
    labels: { ...spec.labels, ...a.labels, [RULE_LABEL.severity]: a.severity },
    annotations: annotations(spec, a.alert, a, a.dashboard, a.vars, a.panel),
  };
}

export function pipelineAlertGroup(spec: Spec, p: PipelineAlerts, scale: TimeScale): RuleGroup {
  const pipe = { [LABEL.pipeline]: p.name };
  const lastRun = `max ${by([LABEL.pipeline])} (${M.pipelineLastRun.prometheus.name}${matchers(pipe)})`;
  const lastSuccess = `max ${by([LABEL.pipeline])} (${M.pipelineLastSuccess.prometheus.name}${matchers(pipe)})`;
  // Ages compare wall-clock Unix times, so compressed tests compress the bound itself.
  const olderThan = (bound: string) => num(scale.seconds(bound));
  const rules: AlertingRule[] = [
    rule(spec, scale, {
      alert: DIRECT_ALERTS.pipelineNotRunning,
      severity: SEVERITY.page,
      expr: `time() - ${lastRun} > ${olderThan(p.notRunningAfter)}`,
      labels: pipe,
      summary: 'A pipeline stopped running.',
      description: `Pipeline ${p.name} has not finished a run for more than ${p.notRunningAfter}.`,
      dashboard: DASHBOARDS.pipelines,
      vars: [LABEL.pipeline],
      panel: PANELS.pipelineLastRun,
    }),
    rule(spec, scale, {
      alert: DIRECT_ALERTS.pipelineFailing,
      severity: SEVERITY.page,
      // The last run is newer than the last success (or there never was one).
      expr: `${lastRun} > ${lastSuccess}\nor\n${lastRun} unless on (${LABEL.pipeline}) ${lastSuccess}\n`,
      hold: p.failingFor,
      labels: pipe,
      summary: 'A pipeline keeps failing.',
      description: `The last run of pipeline ${p.name} did not succeed, and no run has succeeded since, for ${p.failingFor}.`,
      dashboard: DASHBOARDS.pipelines,
      vars: [LABEL.pipeline],
      panel: PANELS.pipelineRuns,
    }),
  ];

  const f = p.features;
  if (f) {
    const sel = matchers({}, { [LABEL.feature]: anyOf(f.names) });
    const F = labelRef(LABEL.feature);
    // Only groups updated within maxAge of the feature's newest update: a retired job's last PSI is not current.
    const psi = `max ${by([LABEL.feature])} (\n  ${currentPsi(sel, [LABEL.feature], scale.seconds(f.maxAge))}\n)`;
    const feature = {
      labels: pipe,
      dashboard: DASHBOARDS.features,
      vars: [[LABEL.pipeline, p.name] as const, LABEL.feature],
    };
    const drift = (band: 'moderate' | 'significant', severity: Severity, hold: string) =>
      rule(spec, scale, {
        ...feature,
        alert: DIRECT_ALERTS.featureDrift,
        panel: PANELS.featurePsi,
        severity,
        expr: `${psi} > ${num(f.psi[band])}\n`,
        hold,
        summary: 'A feature distribution drifted from its baseline.',
        description: `The PSI of feature ${F} (pipeline ${p.name}) has been above ${num(f.psi[band])} (${band} shift) for ${hold}.`,
      });
    rules.push(
      rule(spec, scale, {
        ...feature,
        alert: DIRECT_ALERTS.featureStale,
        panel: PANELS.featureAge,
        severity: SEVERITY.ticket,
        expr: `time() - max ${by([LABEL.feature])} (${M.featureLastUpdate.prometheus.name}${sel}) > ${olderThan(f.maxAge)}`,
        summary: 'A feature stopped receiving values.',
        description: `Feature ${F} of pipeline ${p.name} has received no value for more than ${f.maxAge}.`,
      }),
      drift('moderate', SEVERITY.ticket, f.psi.ticketFor),
      drift('significant', SEVERITY.page, f.psi.pageFor)
    );
  }

  const d = p.datasets;
  if (d) {
    const sel = matchers({}, { [LABEL.dataset]: anyOf(d.names) });
    const D = labelRef(LABEL.dataset);
    const w = scale.duration(d.window);
    const changeWindow = scale.duration(d.schemaChangeWindow);
    const perDataset = by([LABEL.dataset]);
    const dataset = {
      labels: pipe,
      severity: SEVERITY.ticket,
      dashboard: DASHBOARDS.dataQuality,
      vars: [[LABEL.pipeline, p.name] as const, LABEL.dataset],
    };
    rules.push(
      rule(spec, scale, {
        ...dataset,
        alert: DIRECT_ALERTS.schemaChanged,
        panel: PANELS.schemaChanges,
        // The fingerprint catches the first change too; the counter catches changes between scrapes.
        expr:
          `max ${perDataset} (changes(${M.datasetSchemaFingerprint.prometheus.name}${sel}[${changeWindow}])) > 0\n` +
          `or\nmax ${perDataset} (increase(${M.datasetSchemaChanges.prometheus.name}${sel}[${changeWindow}])) > 0\n`,
        summary: 'A dataset schema changed.',
        description: `The schema of dataset ${D} (pipeline ${p.name}) changed within the last ${d.schemaChangeWindow}: fields were added, removed or retyped.`,
      }),
      rule(spec, scale, {
        ...dataset,
        alert: DIRECT_ALERTS.datasetIncomplete,
        panel: PANELS.completeness,
        expr: `1 - (\n  ${missingShare(sel, w)}\n) < ${num(d.minCompleteness)}\n`,
        hold: d.for,
        summary: 'A dataset field is less complete than expected.',
        description: `Field ${labelRef(LABEL.field)} of dataset ${D} (pipeline ${p.name}) was present in under ${num(d.minCompleteness * 100)}% of records over ${d.window}, for ${d.for}.`,
      })
    );
  }
  return { name: `sieve-pipeline-alerts-${p.name}`, rules };
}

export function modelAlertGroup(spec: Spec, m: ModelAlerts, scale: TimeScale): RuleGroup {
  const sel = { [LABEL.model]: m.name };
  const model = { labels: sel, severity: SEVERITY.ticket, dashboard: DASHBOARDS.models, vars: [LABEL.model] };
  const rules: AlertingRule[] = [];
  if (m.accuracy) {
    const a = m.accuracy;
    const base =
      'value' in a.baseline
        ? `${num(a.baseline.value * 100)}%`
        : `its ${a.baseline.window} accuracy ${a.baseline.offset} earlier`;
    rules.push(
      rule(spec, scale, {
        ...model,
        alert: DIRECT_ALERTS.modelAccuracyDegraded,
        panel: PANELS.modelAccuracy,
        expr: `${accuracy(sel, `[${scale.duration(a.window)}]`)}\n< ${accuracyFloor(sel, a.baseline, a.maxDrop, scale.duration)}\n`,
        hold: a.for,
        summary: 'Model accuracy dropped below its baseline.',
        description: `Accuracy of model ${m.name} over ${a.window} is more than ${num(a.maxDrop * 100)}% below ${base}, for ${a.for}.`,
      })
    );
  }
  if (m.falsePositiveRate) {
    const r = m.falsePositiveRate;
    rules.push(
      rule(spec, scale, {
        ...model,
        alert: DIRECT_ALERTS.modelFalsePositiveRateHigh,
        panel: PANELS.modelFalsePositiveRate,
        expr: `${falsePositiveRate(sel, `[${scale.duration(r.window)}]`)} > ${num(r.max)}`,
        hold: r.for,
        summary: 'Model false-positive rate is too high.',
        description: `The false-positive rate of model ${m.name} over ${r.window} has been above ${num(r.max * 100)}% for ${r.for}.`,
      })
    );
  }
  return { name: `sieve-model-alerts-${m.name}`, rules };
}
