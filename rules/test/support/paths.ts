import { join } from 'node:path';
import { ALERTMANAGER_FILES } from '../../src/alertmanagerConfig.ts';
import { GRAFANA_FILE, OUTPUT_DIRS } from '../../src/generate.ts';

/** The rules workspace and its committed outputs. */
export const RULES_DIR = join(import.meta.dirname, '..', '..');
export const SPEC = join(RULES_DIR, 'slos.yaml');
export const GENERATED_DIR = join(RULES_DIR, 'generated');
export const PROMETHEUS_DIR = join(GENERATED_DIR, OUTPUT_DIRS.prometheus);
export const ALERTMANAGER_DIR = join(GENERATED_DIR, OUTPUT_DIRS.alertmanager);
export const ALERTMANAGER_YML = join(ALERTMANAGER_DIR, ALERTMANAGER_FILES.demo);
export const GRAFANA_RULES = join(GENERATED_DIR, OUTPUT_DIRS.grafana, GRAFANA_FILE);
export const TESTS_DIR = join(RULES_DIR, 'tests');
export const RUNBOOKS_DIR = join(RULES_DIR, 'runbooks');
export const CLI = join(RULES_DIR, 'bin', 'sieve-rules.ts');
