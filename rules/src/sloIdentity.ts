import { matchers } from './promql.ts';
import { RULE_LABEL } from './ruleLabels.ts';
import type { Slo, Spec } from './spec.ts';

/** The identity labels every series and alert of one SLO carries. */
export function sloIdentity(spec: Spec, slo: Slo): Record<string, string> {
  return {
    [RULE_LABEL.sloId]: `${spec.service}-${slo.name}`,
    [RULE_LABEL.sloService]: spec.service,
    [RULE_LABEL.slo]: slo.name,
  };
}

/** `{slo_id="sieve-availability"}`: selects one SLO's recorded series. */
export function sloSelector(spec: Spec, slo: Slo): string {
  const id = sloIdentity(spec, slo)[RULE_LABEL.sloId] as string;
  return matchers({ [RULE_LABEL.sloId]: id });
}
