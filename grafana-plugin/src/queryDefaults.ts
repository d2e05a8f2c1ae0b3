import { DEFAULT_DETECTOR } from '@sieve/scoring';
import { DEFAULT_MEASURE } from '../backend/src/datasource/driftMeasures.ts';
import type { AnomalyQuery, DriftQuery, QueryType, SieveQuery } from './types.ts';

/** Defaults from the constants the backend schema uses, never new literals. */
export const DEFAULT_DRIFT: Omit<DriftQuery, 'refId'> = {
  queryType: 'drift',
  features: '',
  measure: DEFAULT_MEASURE,
  baseline: { type: 'exported' },
  format: 'timeseries',
};

export const DEFAULT_ANOMALY: Omit<AnomalyQuery, 'refId'> = {
  queryType: 'anomaly',
  expr: '',
  detector: DEFAULT_DETECTOR,
  params: {},
};

/** The same query as another type: Grafana's own keys (refId, datasource, hide) kept, model replaced. */
export function switchQueryType(query: SieveQuery, type: QueryType): SieveQuery {
  const { refId, datasource, hide, key } = query;
  const base = type === 'drift' ? DEFAULT_DRIFT : DEFAULT_ANOMALY;
  return { ...base, refId, datasource, hide, key } as SieveQuery;
}

/**
 * What Grafana hands the editor is not always a full model: a new query in Explore or an alert rule
 * is `{ refId }`, and old models may lack `queryType`. Missing fields take the type's defaults.
 */
export function normalizeQuery(query: Partial<SieveQuery> & { refId: string }): SieveQuery {
  const type: QueryType =
    (query.queryType ?? ('expr' in query ? 'anomaly' : 'drift')) === 'anomaly' ? 'anomaly' : 'drift';
  const base = type === 'drift' ? DEFAULT_DRIFT : DEFAULT_ANOMALY;
  return { ...base, ...query, queryType: type } as SieveQuery;
}
