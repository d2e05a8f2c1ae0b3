import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilder } from './panels.ts';

/** The tag every Sieve dashboard carries; the dashboard links list all dashboards with it. */
export const SIEVE_TAG = 'sieve';

export interface DashboardMeta {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly from: string;
  readonly variables: ReadonlyArray<cog.Builder<dashboard.VariableModel>>;
}

/** One item of a dashboard's layout: a row header, or a panel with its size (and a fixed id, if linked to). */
export type LayoutItem =
  | { readonly row: string; readonly id?: number }
  | { readonly panel: PanelBuilder; readonly w: number; readonly h: number; readonly id?: number };

/**
 * A Sieve dashboard: read-only (provisioned from code), shared crosshair, links to the other Sieve
 * dashboards that keep the time range and variables. Panels without a fixed id get the lowest
 * free ids in layout order, so ids are stable as long as the layout is.
 */
export function sieveDashboard(meta: DashboardMeta, layout: readonly LayoutItem[]): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(meta.title)
    .uid(meta.uid)
    .description(meta.description)
    .tags([SIEVE_TAG])
    .readonly()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: meta.from, to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .variables([...meta.variables])
    .link(
      new dashboard.DashboardLinkBuilder('Sieve dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([SIEVE_TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true)
    );
  const fixed = new Set(layout.flatMap((item) => (item.id === undefined ? [] : [item.id])));
  let next = 1;
  const freeId = () => {
    while (fixed.has(next)) next++;
    return next++;
  };
  for (const item of layout) {
    if ('row' in item) {
      builder.withRow(new dashboard.RowBuilder(item.row).collapsed(false).id(item.id ?? freeId()));
      continue;
    }
    item.panel.id(item.id ?? freeId());
    item.panel.span(item.w);
    item.panel.height(item.h);
    builder.withPanel(item.panel);
  }
  const built = builder.build();
  built.annotations = { list: [] };
  return built;
}
