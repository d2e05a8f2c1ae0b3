import { join } from 'node:path';

/** The rules workspace and its committed outputs. */
export const RULES_DIR = join(import.meta.dirname, '..', '..');
export const SPEC = join(RULES_DIR, 'slos.yaml');
export const GENERATED_DIR = join(RULES_DIR, 'generated');
export const TESTS_DIR = join(RULES_DIR, 'tests');
export const ALERTMANAGER_YML = join(RULES_DIR, 'alertmanager.yml');
export const RUNBOOKS_DIR = join(RULES_DIR, 'runbooks');
export const CLI = join(RULES_DIR, 'bin', 'sieve-rules.ts');
