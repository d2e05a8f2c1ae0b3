import type { DataFrame } from './dataFrame.ts';

/**
 * The boundary between Grafana's pluginv2 protocol (handled in `../protocol/`) and Sieve's
 * datasource logic (in `../datasource/`), modelled on the Rust SDK's split of the Data,
 * Diagnostics and Resource services. Protocol code converts protobuf messages to these types;
 * datasource code never sees protobuf, gRPC or Arrow.
 */

/** DataSourceInstanceSettings, decoded. `jsonData` is parsed JSON; secrets are only in `decryptedSecureJsonData`. */
export interface InstanceSettings {
  uid: string;
  name: string;
  url: string;
  basicAuthEnabled: boolean;
  basicAuthUser: string;
  jsonData: unknown;
  decryptedSecureJsonData: Readonly<Record<string, string>>;
  lastUpdatedMs: number;
}

export interface RequestContext {
  orgId: number;
  pluginId: string;
  /** Absent for requests that Grafana's backend makes itself (e.g. alert evaluation). */
  user?: { login: string; name: string; email: string; role: string };
  instanceSettings?: InstanceSettings;
  /** Request headers as Grafana forwards them (`http_` prefixed keys, plus `FromAlert`, `Authorization`). */
  headers: Readonly<Record<string, string>>;
  /** True when Grafana's alert evaluator sent the request (`FromAlert` header). */
  fromAlert: boolean;
  /** Aborted when the gRPC call is cancelled or its deadline passes. */
  signal: AbortSignal;
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface DataQuery {
  refId: string;
  queryType: string;
  maxDataPoints: number;
  intervalMs: number;
  timeRange: TimeRange;
  /** The query model as the frontend or alert rule stored it: raw UTF-8 JSON, not yet validated. */
  json: string;
}

/** Where an error came from; Grafana uses it to tell plugin bugs from upstream failures. */
export type ErrorSource = 'plugin' | 'downstream';

export type DataResponse =
  | { frames: DataFrame[]; status: 200 }
  | { error: string; status: number; errorSource: ErrorSource; frames?: DataFrame[] };

export type HealthStatus = 'OK' | 'ERROR' | 'UNKNOWN';

export interface CheckHealthResult {
  status: HealthStatus;
  message: string;
  /** Must be a JSON object when present (Grafana rejects other JSON). */
  details?: Record<string, unknown>;
}

export interface ResourceRequest {
  /** Path after `/resources/`, without a leading slash. */
  path: string;
  method: string;
  /** Forwarded URL including the query string. */
  url: string;
  headers: Readonly<Record<string, readonly string[]>>;
  body: Uint8Array;
}

export interface ResourceResponse {
  status: number;
  headers: Record<string, string[]>;
  body: Uint8Array;
}

/** Data service: one call per query; must never throw (errors become a DataResponse). */
export interface QueryDataHandler {
  queryData(ctx: RequestContext, query: DataQuery): Promise<DataResponse>;
}

/** Diagnostics service. */
export interface CheckHealthHandler {
  checkHealth(ctx: RequestContext): Promise<CheckHealthResult>;
}

/** Resource service. */
export interface CallResourceHandler {
  callResource(ctx: RequestContext, request: ResourceRequest): Promise<ResourceResponse>;
}

export interface PluginHandlers extends QueryDataHandler, CheckHealthHandler, CallResourceHandler {}
