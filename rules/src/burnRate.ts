import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { BURN_ALERTS, SLO_ALERTS } from './alertNames.ts';
import { annotations, DASHBOARDS, identity, PANELS } from './annotations.ts';
import { formatDuration, parseDuration } from './durations.ts';
import { withOwningPipeline } from './pipelineOwner.ts';
import { by, matchers, num } from './promql.ts';
import { RULE_LABEL, SEVERITY } from './ruleLabels.ts';
import type { AlertingRule, RuleGroup } from './ruleTypes.ts';
import { errorBudget, missingData, RECORD, sloPairs } from './sliRules.ts';
import { sliQuery } from './sliQueries.ts';
import { sloSelector } from './sloIdentity.ts';
import { sloLabels, type Slo, type Spec } from './spec.ts';
import { timeScale, type TimeScale } from './timeScale.ts';
import { pairName, type BurnPair } from './windows.ts';

/**
 * Multiwindow, multi-burn-rate alerts (SRE Workbook ch. 5): one rule per window pair, firing when
 * both windows burn faster than `factor` × the sustainable rate; `$value` is the long window's
 * measured burn rate and the `burn_window` label names the pair. The short window makes the alert
 * resolve soon after the burn stops. With `minEvents`, a pair also needs that much traffic in its
 * long window. Windows are scaled in the recording rules the alerts read.
 *
 * Sparse pipelines (a `schedule`) get run-count alerts instead, and SLIs whose missing data is
 * excluded get a no-data alert.
 */
export function burnRateAlertGroup(spec: Spec, slo: Slo, scale: TimeScale): RuleGroup {
  const rules: AlertingRule[] = [];
  for (const pair of sloPairs(slo)) {
    if (slo.alerting[pair.tier]) rules.push(burnAlert(spec, slo, pair));
  }
  if (slo.sli.kind === 'pipelineSuccess' && slo.sli.schedule && slo.alerting.page) {
    rules.push(...runCountAlerts(spec, slo, slo.sli.schedule, slo.sli.failedRunsInARow, slo.sli.late, scale));
  }
  if (missingData(slo) === 'excluded') rules.push(noDataAlert(spec, slo, scale));
  return { name: `sieve-slo-alerts-${slo.name}`, rules };
}

export const BURN_WINDOW_LABEL = 'burn_window';

function sloLabelsOnAlert(spec: Spec, slo: Slo): Record<string, string> {
  // `slo` is on the series too; as a rule label it keeps two SLOs of one kind distinct for the linter.
  return { ...spec.labels, ...slo.labels, [RULE_LABEL.slo]: slo.name };
}

function burnAlert(spec: Spec, slo: Slo, pair: BurnPair): AlertingRule {
  const sel = sloSelector(spec, slo);
  const budget = num(errorBudget(slo));
  // Only the label sets are used here; the windows live in the recording rules.
  const query = sliQuery(slo, timeScale(1));
  const long = formatDuration(pair.long);
  const short = formatDuration(pair.short);
  const burn = (window: string) =>
    `max without (${RULE_LABEL.sloWindow}) (${RECORD.errorRatio(window)}${sel}) / ${budget} > ${num(pair.factor)}`;
  const parts = [burn(long), burn(short)];
  if (query.type === 'events' && slo.minEvents > 0) {
    const on = `on (${[RULE_LABEL.sloId, ...query.eventLabels].join(', ')})`;
    parts.push(`${on} max without (${RULE_LABEL.sloWindow}) (${RECORD.events(long)}${sel} >= ${slo.minEvents})`);
  }
  const name = BURN_ALERTS[slo.sli.kind];
  const percent = num(Number((pair.budgetSpent * 100).toPrecision(3)));
  return {
    alert: name,
    // The feature's or dataset's pipeline, so a down pipeline inhibits this alert (F14).
    expr: withOwningPipeline(spec, slo, `${parts.join('\nand\n')}\n`),
    labels: {
      ...sloLabelsOnAlert(spec, slo),
      [RULE_LABEL.severity]: pair.tier === 'page' ? SEVERITY.page : SEVERITY.ticket,
      [BURN_WINDOW_LABEL]: pairName(pair),
    },
    annotations: annotations(
      spec,
      name,
      {
        summary: `The ${slo.name} SLO is burning its error budget too fast.`,
        description:
          `${identity(query.labels)} burns the ${slo.period} error budget of the ${slo.name} SLO ` +
          `(${num(slo.objective)}%: ${slo.description}) at {{ printf "%.1f" $value }}× the sustainable rate ` +
          `over the last ${long}, and above ${num(pair.factor)}× over the last ${short} too ` +
          `(the ${pairName(pair)} pair fires at ${num(pair.factor)}×: ${percent}% of the budget within ${long}).`,
      },
      DASHBOARDS.slos,
      [RULE_LABEL.slo],
      PANELS.sloBurnRate(spec.slos.indexOf(slo))
    ),
  };
}

/**
 * How far back (seconds) the run-count rules look for the run gauges: the period, and at least
 * N + 1 schedules plus `late`. A job whose gauges are exported once per run (OTLP, an in-process
 * scrape that ends with the job) has no sample after its run, so with a 1-day period a daily job's
 * last run would leave the range before `schedule + late` passed and RunMissed could never fire
 * (review-e B6); the last success of N failed runs ago must stay in range for RunsFailed too.
 */
export function runMemory(period: string, schedule: string, inARow: number, late: string): number {
  return Math.max(parseDuration(period), (inARow + 1) * parseDuration(schedule) + parseDuration(late));
}

/**
 * A pipeline that runs every `schedule` has too few runs for a burn rate (a daily job has one run in
 * any page window). Two run-count rules instead, from the run gauges, remembered over the period
 * (or runMemory) so a pipeline that vanished still alerts:
 * - runs failed: the last run is at least N - ½ schedules after the last success (N failed in a row),
 *   or there has never been a success;
 * - run missed: no run for `schedule` + `late` (default a quarter of the schedule).
 */
function runCountAlerts(
  spec: Spec,
  slo: Slo,
  schedule: string,
  inARow: number,
  late: string | undefined,
  scale: TimeScale
): AlertingRule[] {
  const lateBy = late ?? formatDuration(parseDuration(schedule) / 4);
  const memory = scale.duration(formatDuration(runMemory(slo.period, schedule, inARow, lateBy)));
  const g = by(sloLabels(slo));
  const remembered = (metric: string) => `max ${g} (last_over_time(${metric}${matchers(slo.selector)}[${memory}]))`;
  const lastRun = remembered(METRICS.pipelineLastRun.prometheus.name);
  const lastSuccess = remembered(METRICS.pipelineLastSuccess.prometheus.name);
  const every = scale.seconds(schedule);
  const labels = { ...sloLabelsOnAlert(spec, slo), [RULE_LABEL.severity]: SEVERITY.page };
  const P = identity([LABEL.pipeline]);
  const text = (alert: string, summary: string, description: string) =>
    annotations(spec, alert, { summary, description }, DASHBOARDS.pipelines, [LABEL.pipeline], PANELS.pipelineRuns);
  return [
    {
      alert: SLO_ALERTS.runsFailed,
      expr:
        `${lastRun} - ${lastSuccess} >= ${num((inARow - 0.5) * every)}\n` +
        `or\n${lastRun} unless on (${sloLabels(slo).join(', ')}) ${lastSuccess}\n`,
      labels,
      annotations: text(
        SLO_ALERTS.runsFailed,
        `A pipeline failed ${inARow} runs in a row.`,
        `The last ${inARow} runs of ${P} (every ${schedule}) failed, or it has never succeeded: the ${slo.name} SLO (${num(slo.objective)}% of runs succeed) counts runs, not a burn rate.`
      ),
    },
    {
      alert: SLO_ALERTS.runMissed,
      expr: `time() - ${lastRun} > ${num(every + scale.seconds(lateBy))}\n`,
      labels,
      annotations: text(
        SLO_ALERTS.runMissed,
        'A scheduled pipeline missed its run.',
        `${P} runs every ${schedule} but has not run for more than ${schedule} + ${lateBy}: its output is missing (the ${slo.name} SLO).`
      ),
    },
  ];
}

/** SLIs with excluded missing data would go quiet when their data stops: a ticket says so. */
export const NO_DATA_MEMORY = '1d';

function noDataAlert(spec: Spec, slo: Slo, scale: TimeScale): AlertingRule {
  const bool = `${RECORD.badNow}${sloSelector(spec, slo)}`;
  const query = sliQuery(slo, timeScale(1));
  return {
    alert: SLO_ALERTS.noData,
    expr: withOwningPipeline(spec, slo, `last_over_time(${bool}[${scale.duration(NO_DATA_MEMORY)}]) unless ${bool}\n`),
    for: scale.duration(slo.noDataFor),
    labels: { ...sloLabelsOnAlert(spec, slo), [RULE_LABEL.severity]: SEVERITY.ticket },
    annotations: annotations(
      spec,
      SLO_ALERTS.noData,
      {
        summary: 'An SLI has no data.',
        description:
          `The ${slo.name} SLI (${slo.sli.kind}) for ${identity(query.labels)} had data within the last ${NO_DATA_MEMORY} but none for ${slo.noDataFor}. ` +
          'Its missing minutes are excluded from the budget, so the SLO can neither burn nor recover until data returns.',
      },
      DASHBOARDS.slos,
      [RULE_LABEL.slo],
      PANELS.sloBurnRate(spec.slos.indexOf(slo))
    ),
  };
}
