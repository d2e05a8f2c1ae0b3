import { BURN_ALERTS } from './alertNames.ts';
import { annotations, DASHBOARDS, identity, PANELS } from './annotations.ts';
import { num } from './promql.ts';
import { RULE_LABEL, SEVERITY } from './ruleLabels.ts';
import type { AlertingRule, RuleGroup } from './ruleTypes.ts';
import { errorBudget, RECORD } from './sliRules.ts';
import { sliQuery } from './sliQueries.ts';
import { sloSelector } from './sloIdentity.ts';
import type { Slo, Spec } from './spec.ts';
import { timeScale } from './timeScale.ts';
import { burnFactor, burnPairsFor, type BurnPair } from './windows.ts';

/**
 * Multiwindow, multi-burn-rate alerts (SRE Workbook ch. 5): a tier fires when both windows of any
 * of its pairs burn faster than `factor × error budget`. The short window makes the alert resolve
 * soon after the burn stops. With `minEvents`, a pair also needs that much traffic in its long
 * window, so one failure in a quiet hour does not page. Windows are scaled in the recording rules
 * the alerts read, so the alerts themselves do not depend on the time scale.
 */
export function burnRateAlertGroup(spec: Spec, slo: Slo): RuleGroup {
  const rules: AlertingRule[] = [];
  const pairs = burnPairsFor(slo.period);
  for (const tier of ['page', 'ticket'] as const) {
    if (!slo.alerting[tier]) continue;
    const tierPairs = pairs.filter((p) => p.tier === tier);
    if (tierPairs.length) rules.push(burnAlert(spec, slo, tier, tierPairs));
  }
  return { name: `sieve-slo-alerts-${slo.name}`, rules };
}

function burnAlert(spec: Spec, slo: Slo, tier: 'page' | 'ticket', pairs: readonly BurnPair[]): AlertingRule {
  const sel = sloSelector(spec, slo);
  const budget = num(errorBudget(slo));
  // Only the label sets are used here; the windows live in the recording rules.
  const query = sliQuery(slo, timeScale(1));
  const guard = query.type === 'events' && slo.minEvents > 0;
  const on = `on (${[RULE_LABEL.sloId, ...(query.type === 'events' ? query.eventLabels : [])].join(', ')})`;
  const over = (window: string, factor: number) =>
    `max without (${RULE_LABEL.sloWindow}) (${RECORD.errorRatio(window)}${sel} > (${num(factor)} * ${budget}))`;
  const clauses = pairs.map((pair) => {
    const factor = burnFactor(pair, slo.period);
    const parts = [over(pair.short, factor), over(pair.long, factor)];
    if (guard)
      parts.push(`${on} max without (${RULE_LABEL.sloWindow}) (${RECORD.events(pair.long)}${sel} >= ${slo.minEvents})`);
    return `(\n  ${parts.join('\n  and\n  ')}\n)`;
  });

  const name = BURN_ALERTS[slo.sli.kind];
  const severity = tier === 'page' ? SEVERITY.page : SEVERITY.ticket;
  // "2% of the budget within 1h" reads the same whatever the period; a raw factor below 1 does not.
  const rates = pairs
    .map(
      (p) =>
        `${num(burnFactor(p, slo.period))}× over ${p.long} and ${p.short} (${p.budgetPercent}% of the budget within ${p.long})`
    )
    .join(', or ');
  return {
    alert: name,
    expr: clauses.join('\nor\n') + '\n',
    // `slo` is on the series too; as a rule label it keeps two SLOs of one kind distinct for the linter.
    labels: { ...spec.labels, ...slo.labels, [RULE_LABEL.slo]: slo.name, [RULE_LABEL.severity]: severity },
    annotations: annotations(
      spec,
      name,
      {
        summary: `The ${slo.name} SLO is burning its error budget too fast.`,
        description:
          `${identity(query.labels)} burns the ${slo.period} error budget of the ${slo.name} SLO ` +
          `(${num(slo.objective)}%: ${slo.description}) at ${rates}.`,
      },
      DASHBOARDS.slos,
      [RULE_LABEL.slo],
      PANELS.sloBurnRate(spec.slos.indexOf(slo))
    ),
  };
}
