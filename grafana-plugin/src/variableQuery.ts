import type { MetricFindValue } from '@grafana/data';
import { RESOURCE_PATHS, type ResourcePath } from '../backend/src/datasource/resourcePaths.ts';
import type { SieveVariableQuery } from './types.ts';

/** What each variable kind lists, for the editor. */
export const VARIABLE_KINDS: Record<ResourcePath, string> = {
  pipelines: 'Pipelines that reported runs or rows',
  features: 'Features with a distribution or a baseline',
  models: 'Models that reported predictions or outcomes',
  detectors: 'Anomaly detectors',
  measures: 'Drift measures',
};

export function isResourcePath(value: unknown): value is ResourcePath {
  return typeof value === 'string' && (RESOURCE_PATHS as readonly string[]).includes(value);
}

/** A stored variable query of any age (a bare string, a model without kind) as a typed one. */
export function normalizeVariableQuery(query: unknown): SieveVariableQuery {
  const raw: { refId?: string; kind?: unknown } = typeof query === 'string' ? { kind: query } : (query ?? {});
  return { refId: raw.refId ?? 'SieveVariableQuery', kind: isResourcePath(raw.kind) ? raw.kind : 'features' };
}

/** The resource body (names, or named objects for detectors and measures) as variable values. */
export function variableValues(body: unknown): MetricFindValue[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((item: unknown) => {
    const name = typeof item === 'string' ? item : (item as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? [{ text: name, value: name }] : [];
  });
}
