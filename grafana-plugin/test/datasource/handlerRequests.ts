import type { DataQuery, InstanceSettings, RequestContext } from '../../backend/src/sdk/index.ts';

/** Test helpers building the sdk requests (settings, context, query) the datasource handlers receive. */

export function instanceSettings(url: string, extra: Partial<InstanceSettings> = {}): InstanceSettings {
  return {
    uid: 'sieve-test',
    name: 'Sieve',
    url,
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: {},
    decryptedSecureJsonData: {},
    lastUpdatedMs: 0,
    ...extra,
  };
}

export function requestContext(settings: InstanceSettings, options: { fromAlert?: boolean } = {}): RequestContext {
  return {
    orgId: 1,
    pluginId: 'sieve-datamining-datasource',
    instanceSettings: settings,
    headers: options.fromAlert ? { FromAlert: 'true' } : {},
    fromAlert: options.fromAlert ?? false,
    signal: new AbortController().signal,
  };
}

export function dataQuery(
  queryType: string,
  model: Record<string, unknown> | string,
  range: { fromMs: number; toMs: number },
  extra: Partial<DataQuery> = {}
): DataQuery {
  return {
    refId: 'A',
    queryType,
    maxDataPoints: 1000,
    intervalMs: 1000,
    timeRange: range,
    json: typeof model === 'string' ? model : JSON.stringify({ refId: 'A', queryType, ...model }),
    ...extra,
  };
}
