export {
  parseSpec,
  specSchema,
  SpecError,
  sliLabels,
  sloLabels,
  MISSING_DATA_DEFAULT,
  type Spec,
  type Slo,
  type Sli,
  type SliKind,
} from './spec.ts';
export {
  generateRules,
  ruleFiles,
  generatedFiles,
  provenance,
  shellCommand,
  PACKAGE_COMMAND,
  OUTPUT_DIRS,
  RULE_FILES,
  GRAFANA_FILE,
  type GeneratedRules,
} from './generate.ts';
export {
  alertmanagerConfig,
  alertmanagerFiles,
  sieveRoute,
  ALERTMANAGER_FILES,
  RECEIVERS,
  GROUP_BY,
  SAME_THING,
  EXAMPLE_MAINTENANCE,
  type AlertmanagerOptions,
  type TimeInterval,
} from './alertmanagerConfig.ts';
export { grafanaAlertRules, grafanaRuleUid, SIEVE_DATASOURCE } from './grafanaAlertRules.ts';
export { promtoolTestFiles, scenarios, TEST_FILES } from './promtoolTests.ts';
export {
  ALL_ALERT_NAMES,
  BURN_ALERTS,
  DIRECT_ALERTS,
  GRAFANA_ALERTS,
  PIPELINE_CAUSES,
  PIPELINE_SYMPTOMS,
  SLO_ALERTS,
  TARGET_ALERTS,
} from './alertNames.ts';
export { burnPairs, FINE_WINDOW, pairName, WORKBOOK_PAIRS, type BurnPair } from './windows.ts';
export { RECORD, recordedWindowNames, recordedWindows, sloPairs } from './sliRules.ts';
export { RULE_LABEL, SEVERITY } from './ruleLabels.ts';
export { DASHBOARDS, PANELS, type DashboardUid } from './annotations.ts';
export { timeScale } from './timeScale.ts';
export { formatDuration, parseDuration } from './durations.ts';
export { WINDOWED_DRIFT } from './grafanaAlertRules.ts';
export { packageVersion } from './packageVersion.ts';
