import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { dataQualityDashboard } from './dashboards/dataQuality.ts';
import { executiveDashboard } from './dashboards/executive.ts';
import { featuresDashboard } from './dashboards/features.ts';
import { modelsDashboard } from './dashboards/models.ts';
import { onCallDashboard } from './dashboards/onCall.ts';
import { pipelinesDashboard } from './dashboards/pipelines.ts';
import { slosDashboard } from './dashboards/slos.ts';
import type { DashboardOptions } from './options.ts';

/** Every dashboard, in the order the README's tour reads them. */
export const BUILDERS = [
  executiveDashboard,
  onCallDashboard,
  slosDashboard,
  pipelinesDashboard,
  featuresDashboard,
  dataQualityDashboard,
  modelsDashboard,
] as const;

export function buildDashboards(o: DashboardOptions): dashboard.Dashboard[] {
  return BUILDERS.map((build) => build(o));
}

/** `<uid>.json` → the dashboard JSON, as committed under dashboards/generated/. Pure. */
export function dashboardFiles(o: DashboardOptions): Record<string, string> {
  return Object.fromEntries(
    buildDashboards(o).map((d) => [`${d.uid ?? d.title}.json`, `${JSON.stringify(d, null, 2)}\n`])
  );
}
