import type { DataResponse, PluginHandlers } from '../sdk/index.ts';
import { runAnomaly } from './anomalyQuery.ts';
import { runDrift } from './driftQuery.ts';
import { errorResponse } from './errors.ts';
import { checkHealth } from './health.ts';
import { createPrometheusClient } from './prometheusClient.ts';
import { parseQuery } from './querySchema.ts';
import { scrubSecrets } from '../sdk/scrubSecrets.ts';
import { callResource } from './resources.ts';
import { parseSettings } from './settings.ts';

/** The Sieve datasource: queries, health and resources behind Grafana's three services. */
export function createDatasource(): PluginHandlers {
  return {
    async queryData(ctx, query): Promise<DataResponse> {
      let secrets: readonly string[] = [];
      try {
        const settings = parseSettings(ctx.instanceSettings);
        secrets = settings.secrets;
        const model = parseQuery(query.queryType, query.json);
        const client = createPrometheusClient(settings);
        const options = { fromAlert: ctx.fromAlert, signal: ctx.signal };
        const frames =
          model.queryType === 'drift'
            ? await runDrift(client, query, model, options)
            : await runAnomaly(client, query, model, options);
        return { frames, status: 200 };
      } catch (error) {
        // Never throws: every failure is this query's own error response, with secrets masked.
        const response = errorResponse(error);
        return 'error' in response ? { ...response, error: scrubSecrets(response.error, secrets) } : response;
      }
    },
    checkHealth: (ctx) => checkHealth(ctx.instanceSettings, ctx.signal),
    callResource: (ctx, request) => callResource(ctx.instanceSettings, request, ctx.signal),
  };
}
