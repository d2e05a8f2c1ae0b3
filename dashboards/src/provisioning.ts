import { generatedFiles, GRAFANA_FILE, OUTPUT_DIRS, type Spec } from '@sieve/rules';

/**
 * provisioning/alerting/ holds a copy of the Grafana-managed rules `rules/` generates, so Grafana
 * needs only the provisioning folder mounted; the regenerate test keeps the copy in step.
 */
export const ALERTING_RULES_FILE = 'sieve-drift-rules.yaml';

/** The command the copy's header names: the CLI passes the one it ran. */
export const IN_REPO_COMMAND = 'npm run generate -w dashboards';

export function alertingProvisioningFile(spec: Spec, specPath: string, command?: string): string {
  const text = generatedFiles(spec, specPath, 1, command)[`${OUTPUT_DIRS.grafana}/${GRAFANA_FILE}`];
  if (text === undefined) throw new Error(`rules generated no ${GRAFANA_FILE}`);
  return text;
}
