export { parseSpec, specSchema, SpecError, sliLabels, type Spec, type Slo, type Sli, type SliKind } from './spec.ts';
export {
  generateRules,
  ruleFiles,
  generatedFiles,
  alertmanagerFile,
  RULE_FILES,
  GRAFANA_FILE,
  type GeneratedRules,
} from './generate.ts';
export {
  alertmanagerConfig,
  RECEIVERS,
  GROUP_BY,
  EXAMPLE_MAINTENANCE,
  type AlertmanagerOptions,
  type TimeInterval,
} from './alertmanagerConfig.ts';
export { grafanaAlertRules, SIEVE_DATASOURCE } from './grafanaAlertRules.ts';
export { promtoolTestFiles, scenarios, TEST_FILES } from './promtoolTests.ts';
export { ALL_ALERT_NAMES, BURN_ALERTS, DIRECT_ALERTS, GRAFANA_ALERTS } from './alertNames.ts';
export { BURN_PAIRS, burnFactor, burnPairsFor, SLI_WINDOWS } from './windows.ts';
export { RECORD } from './sliRules.ts';
export { RULE_LABEL, SEVERITY } from './ruleLabels.ts';
export { DASHBOARDS, PANELS, type DashboardUid } from './annotations.ts';
export { timeScale } from './timeScale.ts';
export { parseDuration } from './durations.ts';
export { WINDOWED_DRIFT } from './grafanaAlertRules.ts';
