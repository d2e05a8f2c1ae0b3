import type { ScopedVars } from '@grafana/data';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SieveQuery } from '../../src/types.ts';

/** The committed dashboards that provisioning loads into Grafana. */
const GENERATED = join(import.meta.dirname, '..', '..', '..', 'dashboards', 'generated');
const PLUGIN_TYPE = 'sieve-datamining-datasource';
/** Stands in for a query variable's values (they come from Prometheus at view time). */
const QUERY_VARIABLE_VALUES = ['a', 'b.c'];

interface TemplateVariable {
  name: string;
  type: string;
  current?: { value?: string | string[] };
}
interface Panel {
  id?: number;
  repeat?: string;
  targets?: { datasource?: { type?: string } }[];
  panels?: Panel[];
}
interface Dashboard {
  templating?: { list?: TemplateVariable[] };
  panels?: Panel[];
}

/** One Sieve target as Grafana would run it: dashboard variables, and the repeat's scoped value. */
export interface ProvisionedTarget {
  dashboard: string;
  panel: number | undefined;
  target: SieveQuery;
  vars: Record<string, string | string[]>;
  scoped: ScopedVars;
}

/** A variable's default selection; "All" and query variables get stand-in values. */
function variableValue(v: TemplateVariable): string | string[] {
  const value = v.current?.value;
  if (value === undefined || value === '$__all' || (Array.isArray(value) && value.includes('$__all'))) {
    return QUERY_VARIABLE_VALUES;
  }
  return value;
}

function panelsOf(panels: Panel[] = []): Panel[] {
  return panels.flatMap((p) => [p, ...panelsOf(p.panels)]);
}

/** Every Sieve target in the generated dashboards, once per value of its panel's repeat variable. */
export function provisionedSieveTargets(): ProvisionedTarget[] {
  return readdirSync(GENERATED)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(GENERATED, file), 'utf8')) as Dashboard;
      const vars = Object.fromEntries((dashboard.templating?.list ?? []).map((v) => [v.name, variableValue(v)]));
      return panelsOf(dashboard.panels).flatMap((panel) => {
        const repeated = panel.repeat === undefined ? [undefined] : [vars[panel.repeat] ?? []].flat();
        return (panel.targets ?? [])
          .filter((t) => t.datasource?.type === PLUGIN_TYPE)
          .flatMap((t) =>
            repeated.map((value) => ({
              dashboard: file,
              panel: panel.id,
              target: t as unknown as SieveQuery,
              vars,
              scoped: value === undefined || !panel.repeat ? {} : { [panel.repeat]: { text: value, value } },
            }))
          );
      });
    });
}
