import { BUILTINS, expand, expandModel, type VariableValues } from './expand.ts';
import { allPanels, generatedDashboards, type DashboardJson, type Panel, type Target } from './generated.ts';

export interface SieveTarget {
  dashboard: string;
  panel: string;
  /** The model as the frontend sends it: variables expanded, Grafana's own keys dropped. */
  model: Record<string, unknown>;
}

/**
 * Every Sieve target of every dashboard, once per combination a user can select: a repeated panel
 * yields one target per value of its repeat variable, and each custom variable it uses one per option.
 */
/**
 * Grafana's frontend defines `$__rate_interval` only for its Prometheus datasource: for Sieve it
 * reaches the backend as written, and the backend fills it (intervalVariables.ts).
 */
const SIEVE_BUILTINS = { ...BUILTINS, __rate_interval: '$__rate_interval' };

export function sieveTargets(values: VariableValues): SieveTarget[] {
  const out: SieveTarget[] = [];
  for (const d of generatedDashboards()) {
    for (const p of allPanels(d)) {
      for (const t of (p.targets ?? []).filter((x) => x.queryType !== undefined)) {
        for (const overrides of combinations(d, p, t)) {
          const {
            refId: _r,
            datasource: _d,
            ...model
          } = expandModel(t, (s) => expand(s, d, values, overrides, SIEVE_BUILTINS));
          out.push({ dashboard: d.uid, panel: p.title, model });
        }
      }
    }
  }
  return out;
}

function combinations(d: DashboardJson, p: Panel, t: Target): Array<Record<string, string>> {
  const text = JSON.stringify(t);
  let combos: Array<Record<string, string>> = [{}];
  for (const v of d.templating.list.filter((x) => x.type === 'custom')) {
    if (!text.includes(`$${v.name}`)) continue;
    const options = String(v.query ?? '').split(',');
    // A repeated panel sees one value per copy; any other custom variable: each option in turn.
    if (p.repeat === v.name || !v.multi) combos = combos.flatMap((c) => options.map((o) => ({ ...c, [v.name]: o })));
  }
  return combos;
}
