import type { DetectorSpec } from '@sieve/scoring';

/**
 * JSON resources for template variables and query editors (GET only), served by resources.ts:
 * - `pipelines`, `features`, `models`: sorted names found in Prometheus (string arrays);
 * - `detectors`: every anomaly detector with its parameter schema, the default flagged;
 * - `measures`: the drift measures, the default flagged.
 * Kept apart from resources.ts (which talks to Prometheus) so the browser can import it.
 */
export const RESOURCE_PATHS = ['pipelines', 'features', 'models', 'detectors', 'measures'] as const;
export type ResourcePath = (typeof RESOURCE_PATHS)[number];

export type DetectorInfo = { name: string; default: boolean } & DetectorSpec;
export interface MeasureInfo {
  name: string;
  default: boolean;
}

/** What each resource answers with. */
export interface ResourceBodies {
  pipelines: string[];
  features: string[];
  models: string[];
  detectors: DetectorInfo[];
  measures: MeasureInfo[];
}
