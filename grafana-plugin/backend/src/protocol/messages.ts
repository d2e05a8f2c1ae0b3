/**
 * The pluginv2 messages as `services.ts` decodes them (defaults filled in, int64 as number, bytes
 * as Uint8Array, enums as names). Only what Sieve reads or writes is typed; the .proto is the
 * full contract.
 */
export interface WireUser {
  login: string;
  name: string;
  email: string;
  role: string;
}

export interface WireDataSourceInstanceSettings {
  id: number;
  name: string;
  url: string;
  user: string;
  database: string;
  basicAuthEnabled: boolean;
  basicAuthUser: string;
  jsonData: Uint8Array;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: number;
  uid: string;
  apiVersion: string;
}

export interface WirePluginContext {
  orgId: number;
  pluginId: string;
  user: WireUser | null;
  dataSourceInstanceSettings: WireDataSourceInstanceSettings | null;
  grafanaConfig: Record<string, string>;
  pluginVersion: string;
  userAgent: string;
}

export interface WireDataQuery {
  refId: string;
  maxDataPoints: number;
  intervalMS: number;
  timeRange: { fromEpochMS: number; toEpochMS: number } | null;
  json: Uint8Array;
  queryType: string;
}

export interface WireQueryDataRequest {
  pluginContext: WirePluginContext | null;
  headers: Record<string, string>;
  queries: WireDataQuery[];
  format: 'ARROW' | 'JSON';
}

/** Frames are Arrow IPC bytes as decoded; the server sends them in parts (queryDataEncoding.ts). */
export interface WireDataResponse<Frame = Uint8Array> {
  frames: Frame[];
  error: string;
  status: number;
  errorSource: string;
}

export interface WireQueryDataResponse<Frame = Uint8Array> {
  responses: Record<string, WireDataResponse<Frame>>;
}

export interface WireCheckHealthRequest {
  pluginContext: WirePluginContext | null;
  headers: Record<string, string>;
}

export type WireHealthStatus = 'UNKNOWN' | 'OK' | 'ERROR';

export interface WireCheckHealthResponse {
  status: WireHealthStatus;
  message: string;
  jsonDetails: Uint8Array;
}

export interface WireCollectMetricsResponse {
  metrics: { prometheus: Uint8Array };
}

export interface WireStringList {
  values: string[];
}

export interface WireCallResourceRequest {
  pluginContext: WirePluginContext | null;
  path: string;
  method: string;
  url: string;
  headers: Record<string, WireStringList>;
  body: Uint8Array;
}

export interface WireCallResourceResponse {
  code: number;
  headers: Record<string, WireStringList>;
  body: Uint8Array;
}

export type WireServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

/** pluginv2.QueryChunkedDataResponse: one frame (or error) of a streamed QueryData answer. */
export interface WireQueryChunkedDataResponse {
  refId: string;
  frameId: string;
  frame: Buffer;
  error: string;
  status: number;
  errorSource: string;
}
