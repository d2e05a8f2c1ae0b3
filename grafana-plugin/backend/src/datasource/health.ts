import type { CheckHealthResult, InstanceSettings } from '../sdk/index.ts';
import { ENTITIES, ENTITY_KINDS, type EntityKind } from './catalogEntities.ts';
import { UpstreamError, ValidationError } from './errors.ts';
import { createPrometheusClient } from './prometheusClient.ts';
import { scrubSecrets } from '../sdk/scrubSecrets.ts';
import { parseSettings } from './settings.ts';

const WHAT_FAILED: Record<UpstreamError['failure'], string> = {
  unauthorised: 'rejected the credentials',
  client: 'refused the request',
  server: 'failed with a server error',
  garbage: 'answered with something that is not the Prometheus HTTP API',
  timeout: 'did not answer in time',
  unreachable: 'is unreachable',
  tls: 'cannot be reached over TLS',
  cancelled: 'check was cancelled',
  'too-large': 'answered with more data than the plugin accepts',
  overloaded: 'could not be asked: the plugin is overloaded',
};

/**
 * Reaches Prometheus and counts the Sieve pipelines, features and models it holds. Says exactly
 * what is wrong: invalid settings, down, unauthorised, not Prometheus, or no Sieve metrics.
 */
export async function checkHealth(
  instance: InstanceSettings | undefined,
  signal: AbortSignal
): Promise<CheckHealthResult> {
  let secrets: readonly string[] = [];
  // Set once the settings parse, so that upstream failures name the URL without credentials.
  let baseUrl = 'the configured URL';
  try {
    const settings = parseSettings(instance);
    secrets = settings.secrets;
    baseUrl = settings.baseUrl;
    const client = createPrometheusClient(settings);
    const counts = Object.fromEntries(
      await Promise.all(
        ENTITY_KINDS.map(async (kind) => {
          const values = await client.labelValues(ENTITIES[kind].label, ENTITIES[kind].metrics, signal);
          return [kind, values.length] as const;
        })
      )
    ) as Record<EntityKind, number>;
    const details = { url: settings.baseUrl, ...counts };
    const summary = `${counts.pipelines} pipelines, ${counts.features} features, ${counts.models} models`;
    if (counts.pipelines + counts.features + counts.models === 0) {
      return {
        status: 'ERROR',
        message: `Prometheus at ${settings.baseUrl} is reachable but holds no Sieve metrics (${summary}); is it scraping an instrumented process?`,
        details: { ...details, failure: 'no-sieve-metrics' },
      };
    }
    return { status: 'OK', message: `Prometheus at ${settings.baseUrl}: ${summary}`, details };
  } catch (error) {
    if (error instanceof ValidationError) {
      return { status: 'ERROR', message: scrubSecrets(error.message, secrets), details: { failure: 'settings' } };
    }
    if (error instanceof UpstreamError) {
      return {
        status: 'ERROR',
        message: scrubSecrets(`Prometheus at ${baseUrl} ${WHAT_FAILED[error.failure]}: ${error.message}`, secrets),
        details: { failure: error.failure, ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}) },
      };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return {
      status: 'ERROR',
      message: scrubSecrets(`health check failed: ${detail}`, secrets),
      details: { failure: 'internal' },
    };
  }
}
