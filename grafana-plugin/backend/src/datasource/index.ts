import type { DataFrame, DataResponse, PluginHandlers } from '../sdk/index.ts';
import { Coalescer } from './coalesce.ts';
import { runAnomaly } from './anomalyQuery.ts';
import { runDrift } from './driftQuery.ts';
import { errorResponse, UpstreamError } from './errors.ts';
import { checkHealth } from './health.ts';
import { createPrometheusClient } from './prometheusClient.ts';
import { parseQuery } from './querySchema.ts';
import { scrubSecrets } from '../sdk/scrubSecrets.ts';
import { callResource } from './resources.ts';
import { parseSettings } from './settings.ts';

/** The Sieve datasource: queries, health and resources behind Grafana's three services. */
export function createDatasource(): PluginHandlers {
  /**
   * Identical queries in flight (many viewers of one dashboard, alert rules sharing a query) are
   * computed once: same settings and credentials, same parsed model, range, resolution and
   * alert mode. Each caller still leaves on its own deadline; the work stops when all have left.
   */
  const inflight = new Coalescer<DataFrame[]>();
  return {
    async queryData(ctx, query): Promise<DataResponse> {
      let secrets: readonly string[] = [];
      try {
        const settings = parseSettings(ctx.instanceSettings);
        secrets = settings.secrets;
        const model = parseQuery(query.queryType, query.json);
        const client = createPrometheusClient(settings);
        const key = JSON.stringify([
          settings.baseUrl,
          settings.headers,
          settings.timeoutMs,
          settings.scrapeIntervalMs,
          settings.tls,
          model,
          query.timeRange,
          query.maxDataPoints,
          query.intervalMs,
          ctx.fromAlert,
        ]);
        const frames = await inflight
          .run(key, ctx.signal, (signal) => {
            const options = { fromAlert: ctx.fromAlert, signal, scrapeIntervalMs: settings.scrapeIntervalMs };
            return model.queryType === 'drift'
              ? runDrift(client, query, model, options)
              : runAnomaly(client, query, model, options);
          })
          .catch((error: unknown) => {
            if (ctx.signal.aborted && !(error instanceof UpstreamError)) {
              throw new UpstreamError('cancelled', `query ${query.refId}: request cancelled`);
            }
            throw error;
          });
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
