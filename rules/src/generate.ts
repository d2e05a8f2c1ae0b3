import { basename } from 'node:path';
import { alertmanagerConfig } from './alertmanagerConfig.ts';
import { burnRateAlertGroup } from './burnRate.ts';
import { modelAlertGroup, pipelineAlertGroup } from './directAlerts.ts';
import { grafanaAlertRules } from './grafanaAlertRules.ts';
import { header, ruleFile, toYaml } from './render.ts';
import type { RuleGroup } from './ruleTypes.ts';
import { sliRuleGroups } from './sliRules.ts';
import type { Spec } from './spec.ts';
import { timeScale } from './timeScale.ts';

/** The rule groups a spec generates, by output file. Pure: same spec and scale, same rules. */
export interface GeneratedRules {
  readonly sliRecordings: RuleGroup[];
  readonly sloAlerts: RuleGroup[];
  readonly directAlerts: RuleGroup[];
}

export const RULE_FILES = {
  sliRecordings: 'sli-recordings.yml',
  sloAlerts: 'slo-alerts.yml',
  directAlerts: 'direct-alerts.yml',
} as const;
export const GRAFANA_FILE = 'grafana-alert-rules.yml';
export const ALERTMANAGER_FILE = 'alertmanager.yml';

export function generateRules(spec: Spec, scaleFactor = 1): GeneratedRules {
  const scale = timeScale(scaleFactor);
  return {
    sliRecordings: spec.slos.flatMap((slo) => sliRuleGroups(spec, slo, scale)),
    sloAlerts: spec.slos.map((slo) => burnRateAlertGroup(spec, slo)).filter((g) => g.rules.length > 0),
    directAlerts: [
      ...spec.pipelines.map((p) => pipelineAlertGroup(spec, p, scale)),
      ...spec.models.map((m) => modelAlertGroup(spec, m, scale)).filter((g) => g.rules.length > 0),
    ],
  };
}

/** Prometheus rule files, keyed by file name. */
export function ruleFiles(spec: Spec, specPath: string, scaleFactor = 1): Record<string, string> {
  const rules = generateRules(spec, scaleFactor);
  const name = basename(specPath);
  return {
    [RULE_FILES.sliRecordings]: ruleFile(name, rules.sliRecordings),
    [RULE_FILES.sloAlerts]: ruleFile(name, rules.sloAlerts),
    [RULE_FILES.directAlerts]: ruleFile(name, rules.directAlerts),
  };
}

/** Everything `sieve-rules generate` writes to its output directory. */
export function generatedFiles(spec: Spec, specPath: string): Record<string, string> {
  return {
    ...ruleFiles(spec, specPath),
    [GRAFANA_FILE]: header(basename(specPath)) + toYaml(grafanaAlertRules(spec)),
  };
}

export function alertmanagerFile(spec: Spec, specPath: string): string {
  return header(basename(specPath)) + toYaml(alertmanagerConfig(spec.alertmanager));
}
