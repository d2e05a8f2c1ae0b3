import { DEFAULT_DETECTOR, DETECTORS } from '@sieve/scoring';
import { jsonResource, type InstanceSettings, type ResourceRequest, type ResourceResponse } from '../sdk/index.ts';
import { ENTITIES, type EntityKind } from './catalogEntities.ts';
import { errorResponse } from './errors.ts';
import { DEFAULT_MEASURE, MEASURE_NAMES } from './driftMeasures.ts';
import { createPrometheusClient } from './prometheusClient.ts';
import { scrubSecrets } from '../sdk/scrubSecrets.ts';
import { parseSettings } from './settings.ts';
import { RESOURCE_PATHS, type DetectorInfo, type MeasureInfo } from './resourcePaths.ts';

export { RESOURCE_PATHS } from './resourcePaths.ts';

export async function callResource(
  instance: InstanceSettings | undefined,
  request: ResourceRequest,
  signal: AbortSignal
): Promise<ResourceResponse> {
  const path = request.path.replace(/^\/+|\/+$/g, '');
  if (!(RESOURCE_PATHS as readonly string[]).includes(path)) {
    return jsonResource(404, { error: `no resource "${path}"; known: ${RESOURCE_PATHS.join(', ')}` });
  }
  if (request.method.toUpperCase() !== 'GET') {
    return jsonResource(405, { error: `resource "${path}" only supports GET` }, { allow: ['GET'] });
  }
  if (path === 'detectors') {
    return jsonResource(
      200,
      Object.entries(DETECTORS).map(([name, spec]): DetectorInfo => ({
        name,
        default: name === DEFAULT_DETECTOR,
        ...spec,
      }))
    );
  }
  if (path === 'measures') {
    return jsonResource(
      200,
      MEASURE_NAMES.map((name): MeasureInfo => ({ name, default: name === DEFAULT_MEASURE }))
    );
  }

  let secrets: readonly string[] = [];
  try {
    const settings = parseSettings(instance);
    secrets = settings.secrets;
    const entity = ENTITIES[path as EntityKind];
    const values = await createPrometheusClient(settings).labelValues(entity.label, entity.metrics, signal);
    return jsonResource(200, [...values].sort());
  } catch (error) {
    const response = errorResponse(error);
    const message = 'error' in response ? scrubSecrets(response.error, secrets) : 'unknown error';
    return jsonResource(response.status, { error: message });
  }
}
