import type { PluginHandlers } from '../sdk/index.ts';

/** The Sieve datasource: queries, health and resources behind Grafana's three services. */
export function createDatasource(): PluginHandlers {
  return {
    async queryData(_ctx, query) {
      return { error: `query type "${query.queryType}" is not implemented yet`, status: 501, errorSource: 'plugin' };
    },
    async checkHealth() {
      return { status: 'UNKNOWN', message: 'not implemented yet' };
    },
    async callResource() {
      return {
        status: 404,
        headers: { 'content-type': ['application/json'] },
        body: new TextEncoder().encode('{"error":"not found"}'),
      };
    },
  };
}
