import { parseDuration } from './durations.ts';
import { num } from './promql.ts';
import { RULE_LABEL } from './ruleLabels.ts';
import type { RecordingRule, RuleGroup } from './ruleTypes.ts';
import { sliQuery } from './sliQueries.ts';
import { sloIdentity, sloSelector } from './sloIdentity.ts';
import type { Slo, Spec } from './spec.ts';
import type { TimeScale } from './timeScale.ts';
import { burnPairsFor, SLI_WINDOWS } from './windows.ts';

/** Sloth-style recording-rule names: `slo:sli_error:ratio_rate5m` and friends. */
export const RECORD = {
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  events: (window: string) => `slo:sli_events:increase${window}`,
  /** Time-based SLIs: 1 while bad, 0 while good. */
  badNow: 'slo:sli_error:bool',
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
} as const;

/** The windows recorded for an SLO: the standard ones plus its period (unless it is one of them). */
export function recordedWindows(slo: Slo): string[] {
  const standard: string[] = [...SLI_WINDOWS];
  return standard.includes(slo.period) ? standard : [...standard, slo.period];
}

export function errorBudget(slo: Slo): number {
  return Number((1 - slo.objective / 100).toPrecision(12));
}

/** SLI recordings over every window, then the meta recordings (objective, budget, burn). */
export function sliRuleGroups(spec: Spec, slo: Slo, scale: TimeScale): RuleGroup[] {
  const id = sloIdentity(spec, slo);
  const sel = sloSelector(spec, slo);
  const query = sliQuery(slo, scale);
  const windowed = (window: string) => ({ ...id, [RULE_LABEL.sloWindow]: window });
  const sli: RecordingRule[] = [];

  if (query.type === 'time') sli.push({ record: RECORD.badNow, expr: query.bad, labels: id });
  for (const window of recordedWindows(slo)) {
    const w = scale.duration(window);
    let expr: string;
    if (query.type === 'time') expr = `avg_over_time(${RECORD.badNow}${sel}[${w}])`;
    else if (window === slo.period && !(SLI_WINDOWS as readonly string[]).includes(window)) {
      // Sloth's optimisation: the period ratio is the mean of the 5m ratios, not one huge rate().
      const fine = `${RECORD.errorRatio('5m')}${sel}[${w}]`;
      expr = `sum_over_time(${fine}) / count_over_time(${fine})`;
    } else expr = query.errorRatio(w);
    sli.push({ record: RECORD.errorRatio(window), expr, labels: windowed(window) });
  }
  if (query.type === 'events' && slo.minEvents > 0) {
    for (const pair of burnPairsFor(slo.period)) {
      sli.push({
        record: RECORD.events(pair.long),
        expr: query.events(scale.duration(pair.long)),
        labels: windowed(pair.long),
      });
    }
  }

  const budget = num(errorBudget(slo));
  const meta: RecordingRule[] = [
    { record: RECORD.objective, expr: `vector(${num(slo.objective / 100)})`, labels: id },
    { record: RECORD.errorBudget, expr: `vector(${budget})`, labels: id },
    { record: RECORD.periodDays, expr: `vector(${num(parseDuration(slo.period) / 86_400)})`, labels: id },
    {
      record: RECORD.currentBurnRate,
      expr: `${RECORD.errorRatio('5m')}${sel} / ${budget}`,
      labels: windowed('5m'),
    },
    {
      record: RECORD.periodBurnRate,
      expr: `${RECORD.errorRatio(slo.period)}${sel} / ${budget}`,
      labels: windowed(slo.period),
    },
    {
      record: RECORD.budgetRemaining,
      expr: `1 - ${RECORD.periodBurnRate}${sel}`,
      labels: windowed(slo.period),
    },
  ];
  return [
    { name: `sieve-slo-sli-recordings-${slo.name}`, rules: sli },
    { name: `sieve-slo-meta-recordings-${slo.name}`, rules: meta },
  ];
}
