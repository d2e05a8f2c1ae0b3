import { parse } from 'yaml';
import { sloPairs, timeScale, type Spec } from '@sieve/rules';
import type { Expectation } from './expectations.ts';

/** An alerting rule as Prometheus reads it from a rule file. */
interface RuleInFile {
  alert?: string;
  for?: string;
  labels?: Record<string, string>;
}

const seconds = (d: string) => timeScale(1).seconds(d);

/**
 * The `for:` of the generated rule behind an expectation, in seconds (0 without one): read from
 * the rule files Prometheus loads, so the floor follows whatever the generator wrote. Undefined
 * when no rule raises that alert with those labels.
 */
export function ruleHoldSeconds(ruleFiles: Record<string, string>, e: Expectation): number | undefined {
  const rules = Object.values(ruleFiles).flatMap(
    (text) =>
      (parse(text) as { groups?: Array<{ rules?: RuleInFile[] }> } | null)?.groups?.flatMap((g) => g.rules ?? []) ?? []
  );
  const candidates = rules.filter(
    (r) =>
      r.alert === e.alert && Object.entries(r.labels ?? {}).every(([k, v]) => !(k in e.labels) || e.labels[k] === v)
  );
  if (candidates.length === 0) return undefined;
  return Math.max(...candidates.map((r) => (r.for ? seconds(r.for) : 0)));
}

export interface FloorInputs {
  scrapeSeconds: number;
  evaluationSeconds: number;
  groupWaitSeconds: number;
  /** `for:` (or the age bound) in compressed seconds. */
  holdSeconds: number;
}

/** The fastest an alert can arrive: one scrape, one evaluation, its hold, and the route's group_wait. */
export function floorSeconds(f: FloorInputs): number {
  return f.scrapeSeconds + f.evaluationSeconds + f.holdSeconds + f.groupWaitSeconds;
}

/**
 * Nominal seconds a total failure takes to trip the fastest page pair of an SLO: the long window's
 * bad ratio grows as t / long and must exceed factor × (1 − objective).
 */
export function burnSeconds(spec: Spec, sloName: string): number {
  const slo = spec.slos.find((s) => s.name === sloName);
  if (!slo) throw new Error(`game day: the spec has no SLO "${sloName}"`);
  const budget = 1 - slo.objective / 100;
  const pages = sloPairs(slo).filter((p) => p.tier === 'page');
  return Math.min(...pages.map((p) => p.factor * budget * p.long));
}
