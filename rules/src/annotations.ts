import type { Annotations } from './ruleTypes.ts';
import type { Spec } from './spec.ts';

/** Dashboards the `dashboard_url` annotations point at (uids the dashboards workspace provisions). */
export const DASHBOARDS = {
  slos: 'sieve-slos',
  pipelines: 'sieve-pipelines',
  features: 'sieve-features',
  dataQuality: 'sieve-data-quality',
  models: 'sieve-models',
} as const;
export type DashboardUid = (typeof DASHBOARDS)[keyof typeof DASHBOARDS];

/**
 * `{{ $labels.x }}`: Prometheus expands it when the alert fires, from the labels of the expression's
 * result. Labels the rule itself adds are not visible there, so those are written out literally.
 */
export function labelRef(label: string): string {
  return `{{ $labels.${label} }}`;
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
  dashboardVars: ReadonlyArray<string | readonly [string, string]>
): Annotations {
  const query = dashboardVars
    .map((v) => (typeof v === 'string' ? `var-${v}=${labelRef(v)}` : `var-${v[0]}=${encodeURIComponent(v[1])}`))
    .join('&');
  return {
    summary: text.summary,
    description: text.description,
    runbook_url: `${spec.runbookBaseUrl.replace(/\/$/, '')}/${alert}.md`,
    dashboard_url: `${spec.dashboardBaseUrl.replace(/\/$/, '')}/${dashboard}${query ? `?${query}` : ''}`,
  };
}
