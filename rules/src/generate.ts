import { basename } from 'node:path';
import { alertmanagerFiles } from './alertmanagerConfig.ts';
import { burnRateAlertGroup } from './burnRate.ts';
import { modelAlertGroup, pipelineAlertGroup } from './directAlerts.ts';
import { grafanaAlertRules } from './grafanaAlertRules.ts';
import { header, ruleFile, toYaml, type Provenance } from './render.ts';
import type { RuleGroup } from './ruleTypes.ts';
import { evaluationGroup, sliRuleGroups } from './sliRules.ts';
import type { Spec } from './spec.ts';
import { targetAlertGroup } from './targetHealth.ts';
import { timeScale } from './timeScale.ts';

/** The rule groups a spec generates, by output file. Pure: same spec and scale, same rules. */
export interface GeneratedRules {
  readonly sliRecordings: RuleGroup[];
  readonly sloAlerts: RuleGroup[];
  readonly directAlerts: RuleGroup[];
}

/**
 * The output folders under `--out`: Prometheus rule files alone in theirs, so `rule_files:
 * [<out>/prometheus/*.yml]` loads them and nothing else.
 */
export const OUTPUT_DIRS = { prometheus: 'prometheus', alertmanager: 'alertmanager', grafana: 'grafana' } as const;
export const RULE_FILES = {
  sliRecordings: 'sli-recordings.yml',
  sloAlerts: 'slo-alerts.yml',
  directAlerts: 'direct-alerts.yml',
} as const;
export const GRAFANA_FILE = 'alert-rules.yml';

export function generateRules(spec: Spec, scaleFactor = 1): GeneratedRules {
  const scale = timeScale(scaleFactor);
  const targets = targetAlertGroup(spec, scale);
  return {
    sliRecordings: spec.slos.length
      ? [evaluationGroup(scale), ...spec.slos.flatMap((slo) => sliRuleGroups(spec, slo, scale))]
      : [],
    sloAlerts: spec.slos.map((slo) => burnRateAlertGroup(spec, slo, scale)).filter((g) => g.rules.length > 0),
    directAlerts: [
      ...spec.pipelines.map((p) => pipelineAlertGroup(spec, p, scale)),
      ...spec.models.map((m) => modelAlertGroup(spec, m, scale)).filter((g) => g.rules.length > 0),
      ...(targets ? [targets] : []),
    ],
  };
}

/**
 * How a user runs the installed package, as the READMEs document it: the scoped name never matches
 * an unscoped look-alike, --offline keeps npx from asking the registry for it, --no-install never
 * installs one.
 */
export const PACKAGE_COMMAND = 'npx --offline --no-install @sieve/rules';

/**
 * Where a spec came from and how it was generated, for the file headers. The CLI passes the
 * command it ran (spec path as given, every argument); library callers get the spec's file name
 * and the CLI call that generates the same rules.
 */
export function provenance(specPath: string, scaleFactor = 1, command?: string): Provenance {
  if (command !== undefined) return { spec: specPath, command };
  const spec = basename(specPath);
  const scale = scaleFactor === 1 ? '' : ` --time-scale ${scaleFactor}`;
  return { spec, command: `${PACKAGE_COMMAND} generate --spec ${spec}${scale}` };
}

/** An argument list as a POSIX shell reads it back: plain words bare, anything else single-quoted. */
export function shellCommand(words: readonly string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Prometheus rule files, keyed by file name. */
export function ruleFiles(spec: Spec, specPath: string, scaleFactor = 1, command?: string): Record<string, string> {
  const rules = generateRules(spec, scaleFactor);
  const from = provenance(specPath, scaleFactor, command);
  return {
    [RULE_FILES.sliRecordings]: ruleFile(from, rules.sliRecordings),
    [RULE_FILES.sloAlerts]: ruleFile(from, rules.sloAlerts),
    [RULE_FILES.directAlerts]: ruleFile(from, rules.directAlerts),
  };
}

/** Everything `sieve-rules generate` writes under `--out`, keyed by path relative to it. */
export function generatedFiles(
  spec: Spec,
  specPath: string,
  scaleFactor = 1,
  /** The command that made the files, for their headers (the CLI passes its own). */
  command?: string
): Record<string, string> {
  const from = provenance(specPath, scaleFactor, command);
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(ruleFiles(spec, specPath, scaleFactor, command))) {
    files[`${OUTPUT_DIRS.prometheus}/${name}`] = text;
  }
  for (const [name, doc] of Object.entries(alertmanagerFiles(spec))) {
    files[`${OUTPUT_DIRS.alertmanager}/${name}`] = header(from, doc.comment) + toYaml(doc.config);
  }
  files[`${OUTPUT_DIRS.grafana}/${GRAFANA_FILE}`] = header(from) + toYaml(grafanaAlertRules(spec));
  return files;
}
