import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { BURN_ALERTS, DIRECT_ALERTS, RECEIVERS, RULE_LABEL, SEVERITY, type Spec } from '@sieve/rules';
import type { Fault, FaultOptions } from '../faults.ts';
import { DEMO, JOBS } from '../names.ts';

/**
 * What each fault must produce: one alert, with these labels, at one receiver. An age alert
 * (`time() - last > bound`, no `for:`) names its nominal bound in `ageBound`: the bound plays the
 * role of `for:` in the alert's floor.
 */
export interface Expectation {
  alert: string;
  receiver: (typeof RECEIVERS)[keyof typeof RECEIVERS];
  labels: Readonly<Record<string, string>>;
  ageBound?: (spec: Spec) => string;
  /**
   * A burn-rate alert names its SLO: a total failure needs factor × error budget × long window to
   * push the fastest page pair over its threshold, and that time plays the role of `for:`.
   */
  burnSlo?: string;
  options?: FaultOptions;
}

const demoPipeline = (spec: Spec) => {
  const p = spec.pipelines.find((x) => x.name === DEMO.pipeline);
  if (!p) throw new Error(`game day: the spec has no pipeline "${DEMO.pipeline}"`);
  return p;
};

/** The target-down alert of rules' target health (rules/notes: TARGET_ALERTS.down, for jobs in `targets.jobs`). */
export const TARGET_DOWN = 'SieveTargetDown';

export const EXPECTATIONS = {
  drift: {
    alert: DIRECT_ALERTS.featureDrift,
    receiver: RECEIVERS.pager,
    labels: { [LABEL.feature]: DEMO.features.distance, [RULE_LABEL.severity]: SEVERITY.page },
    options: { features: [DEMO.features.distance], shift: 3 },
  },
  stalledPipeline: {
    alert: DIRECT_ALERTS.pipelineNotRunning,
    receiver: RECEIVERS.pager,
    labels: { [LABEL.pipeline]: DEMO.pipeline },
    ageBound: (spec) => demoPipeline(spec).notRunningAfter,
  },
  schemaChange: {
    alert: DIRECT_ALERTS.schemaChanged,
    receiver: RECEIVERS.ticket,
    labels: { [LABEL.dataset]: DEMO.dataset },
  },
  missingValues: {
    alert: DIRECT_ALERTS.datasetIncomplete,
    receiver: RECEIVERS.ticket,
    labels: { [LABEL.dataset]: DEMO.dataset, [LABEL.field]: DEMO.features.distance },
    options: { share: 0.3 },
  },
  latencySpike: {
    alert: BURN_ALERTS.latency,
    receiver: RECEIVERS.pager,
    labels: { [RULE_LABEL.severity]: SEVERITY.page },
    burnSlo: 'latency',
    options: { extraMs: 300 },
  },
  failingPredictions: {
    alert: BURN_ALERTS.availability,
    receiver: RECEIVERS.pager,
    labels: { [RULE_LABEL.severity]: SEVERITY.page },
    burnSlo: 'availability',
  },
  failingPipeline: {
    alert: DIRECT_ALERTS.pipelineFailing,
    receiver: RECEIVERS.pager,
    labels: { [LABEL.pipeline]: DEMO.pipeline },
  },
  deadExporter: {
    alert: TARGET_DOWN,
    receiver: RECEIVERS.pager,
    labels: { job: JOBS.model },
  },
} as const satisfies Record<Fault, Expectation>;
