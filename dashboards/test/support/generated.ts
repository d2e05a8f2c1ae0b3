import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed dashboards, read back as Grafana reads them: JSON files in dashboards/generated/. */

export const WORKSPACE = join(import.meta.dirname, '..', '..');
export const REPO = join(WORKSPACE, '..');
export const GENERATED = join(WORKSPACE, 'generated');
export const SPEC_PATH = join(REPO, 'rules', 'slos.yaml');
export const PROVISIONING = join(REPO, 'provisioning');

export interface DatasourceRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  datasource?: DatasourceRef;
  expr?: string;
  instant?: boolean;
  format?: string;
  queryType?: string;
  [key: string]: unknown;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: DatasourceRef;
  targets?: Target[];
  repeat?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig?: {
    defaults: { unit?: string; links?: Array<{ title: string; url: string }>; mappings?: unknown[] };
  };
  panels?: Panel[];
}

export interface Variable {
  type: string;
  name: string;
  label?: string;
  query?: string;
  datasource?: DatasourceRef;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  refresh?: number;
  regex?: string;
  current?: { text: string | string[]; value: string | string[] };
}

export interface DashboardJson {
  uid: string;
  title: string;
  editable: boolean;
  schemaVersion: number;
  tags: string[];
  templating: { list: Variable[] };
  panels: Panel[];
  [key: string]: unknown;
}

export function generatedDashboards(): DashboardJson[] {
  return readdirSync(GENERATED)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(GENERATED, f), 'utf8')) as DashboardJson);
}

/** Every panel, rows' nested panels included. */
export function allPanels(d: DashboardJson): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export function isPrometheus(t: Target): boolean {
  return t.datasource?.type === 'prometheus';
}
