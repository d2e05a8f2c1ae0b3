import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { z } from 'zod';
import type { AnomalyQueryInput, DriftQueryInput, QueryType } from '../backend/src/datasource/querySchema.ts';
import type { ResourcePath } from '../backend/src/datasource/resourcePaths.ts';
import type { jsonDataSchema } from '../backend/src/datasource/settings.ts';

/**
 * The frontend's types come from the backend's zod schemas (one schema for both halves): the
 * query model is what the backend's `parseQuery` accepts, before its defaults and transforms.
 */

/** A template variable reference (`$name`, `${name}`); interpolated before the query is sent. */
export type VariableRef = `$${string}`;

/** Enum fields may name a template variable until applyTemplateVariables replaces it. */
type Templated<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] | VariableRef };

export type DriftQuery = DataQuery & { queryType: 'drift' } & Templated<DriftQueryInput, 'measure'>;
export type AnomalyQuery = DataQuery & { queryType: 'anomaly' } & Templated<AnomalyQueryInput, 'detector'>;
export type SieveQuery = DriftQuery | AnomalyQuery;
export type { QueryType };

export type Baseline = NonNullable<DriftQueryInput['baseline']>;
export type BaselineType = Baseline['type'];

/**
 * `jsonData` as settings.ts reads it: `timeoutSeconds`, `timeInterval` (the scrape interval, as in
 * Grafana's Prometheus datasource), `compression` (gzip or none), Grafana's TLS switches and
 * `serverName`, plus `httpHeaderName<N>` (N = 1, 2, ...).
 * Basic auth lives in Grafana's own `basicAuth` / `basicAuthUser` fields.
 */
export type SieveOptions = DataSourceJsonData &
  Pick<
    z.output<typeof jsonDataSchema>,
    'timeoutSeconds' | 'timeInterval' | 'compression' | 'tlsSkipVerify' | 'tlsAuthWithCACert' | 'tlsAuth' | 'serverName'
  > & {
    [headerName: `httpHeaderName${number}`]: string | undefined;
  };

/** The secure keys settings.ts reads from `decryptedSecureJsonData`. Never sent back to the browser. */
export interface SieveSecureJsonData {
  basicAuthPassword?: string;
  bearerToken?: string;
  /** PEM texts for TLS (Grafana's keys). */
  tlsCACert?: string;
  tlsClientCert?: string;
  tlsClientKey?: string;
  [headerValue: `httpHeaderValue${number}`]: string | undefined;
}

/** A template variable query: which backend resource lists the values. */
export interface SieveVariableQuery extends DataQuery {
  kind: ResourcePath;
}
