import type { Annotations } from './ruleTypes.ts';
import type { Spec } from './spec.ts';

/**
 * Every dashboard the dashboards workspace generates, by uid; alerts' `dashboard_url` annotations
 * point at the last five.
 */
export const DASHBOARDS = {
  executive: 'sieve-executive',
  onCall: 'sieve-oncall',
  slos: 'sieve-slos',
  pipelines: 'sieve-pipelines',
  features: 'sieve-features',
  dataQuality: 'sieve-data-quality',
  models: 'sieve-models',
} as const;
export type DashboardUid = (typeof DASHBOARDS)[keyof typeof DASHBOARDS];

/**
 * The panel each `dashboard_url` opens (`viewPanel=<id>`). The dashboards workspace builds panels
 * with these ids, and its tests check that every dashboard_url resolves to a dashboard and panel.
 */
export const PANELS = {
  pipelineLastRun: 1,
  pipelineRuns: 2,
  featureAge: 1,
  featurePsi: 2,
  featureWindowDrift: 3,
  schemaChanges: 1,
  completeness: 2,
  modelAccuracy: 1,
  modelFalsePositiveRate: 2,
  /** sieve-slos has one row per SLO of the spec, in spec order: row i holds ids 100(i+1) to 100(i+1)+99. */
  sloBurnRate: (sloIndex: number) => 100 * (sloIndex + 1) + 4,
} as const;

/**
 * `{{ $labels.x }}`: Prometheus expands it when the alert fires, from the labels of the expression's
 * result. Labels the rule itself adds are not visible there, so those are written out literally.
 */
export function labelRef(label: string): string {
  return `{{ $labels.${label} }}`;
}

/** `{{ $labels.x | urlquery }}`: the label percent-encoded for a URL's query string (a space or `&` in a name). */
export function labelQueryRef(label: string): string {
  return `{{ $labels.${label} | urlquery }}`;
}

/** "pipeline {{ $labels.pipeline }}, feature {{ $labels.feature }}". */
export function identity(labels: readonly string[]): string {
  return labels.map((l) => `${l} ${labelRef(l)}`).join(', ');
}

export function annotations(
  spec: Spec,
  alert: string,
  text: { summary: string; description: string },
  dashboard: DashboardUid,
  /** Dashboard variables: a label name (filled from the alert) or [name, fixed value]. */
  dashboardVars: ReadonlyArray<string | readonly [string, string]>,
  /** The panel to open (PANELS). */
  panel: number
): Annotations {
  const query = [
    ...dashboardVars.map((v) =>
      typeof v === 'string' ? `var-${v}=${labelQueryRef(v)}` : `var-${v[0]}=${encodeURIComponent(v[1])}`
    ),
    `viewPanel=${panel}`,
  ].join('&');
  return {
    summary: text.summary,
    description: text.description,
    runbook_url: `${spec.runbookBaseUrl.replace(/\/$/, '')}/${alert}.md`,
    dashboard_url: `${spec.dashboardBaseUrl.replace(/\/$/, '')}/${dashboard}?${query}`,
  };
}
