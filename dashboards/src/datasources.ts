import { SIEVE_DATASOURCE } from '@sieve/rules';

/**
 * Panels and variables reach datasources only through the two datasource variables, so a team
 * picks its own Prometheus and Sieve datasource by uid without editing a single panel.
 */
export const DATASOURCE_VARIABLE = 'datasource';
export const SIEVE_VARIABLE = 'sieve';

export const PROMETHEUS_TYPE = 'prometheus';

export const PROMETHEUS_REF = { type: PROMETHEUS_TYPE, uid: `\${${DATASOURCE_VARIABLE}}` } as const;
export const SIEVE_REF = { type: SIEVE_DATASOURCE.type, uid: `\${${SIEVE_VARIABLE}}` } as const;

/** The uids provisioning/datasources gives the three datasources; the variables default to them. */
export const DEFAULT_UIDS = {
  prometheus: 'sieve-prometheus',
  sieve: SIEVE_DATASOURCE.uid,
  alertmanager: 'sieve-alertmanager',
} as const;
