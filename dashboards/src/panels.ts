import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS_REF, SIEVE_REF } from './datasources.ts';
import { anyOf } from './promql.ts';
import { SieveQueryBuilder } from './sieveQuery.ts';
import { description, type PanelText } from './text.ts';

/**
 * House defaults for panels, as in the foundation SDK's examples: each factory takes the panel's
 * text, unit and targets and returns a builder; dashboards set ids and sizes where they compose.
 */

export type Target = prometheus.DataqueryBuilder | SieveQueryBuilder;
export type PanelBuilder = cog.Builder<dashboard.Panel> & {
  id(id: number): unknown;
  height(h: number): unknown;
  span(w: number): unknown;
};

/** A PromQL target. Tables and stats read one instant value; graphs read a range. */
export function prom(
  expr: string,
  legend: string,
  mode: 'range' | 'instant' = 'range',
  format?: prometheus.PromQueryFormat
): prometheus.DataqueryBuilder {
  const q = new prometheus.DataqueryBuilder().datasource(PROMETHEUS_REF).expr(expr).legendFormat(legend);
  if (mode === 'instant') q.instant();
  else q.range();
  if (format) q.format(format);
  return q;
}

/** Green below the first step's value, then each [value, colour] upward. */
export type Steps = ReadonlyArray<readonly [number, string]>;

function thresholds(base: string, steps: Steps): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/** Red at and above `value` (and amber from `warn`, if given). */
export function redAbove(value: number, warn?: number): { base: string; steps: Steps } {
  return {
    base: 'green',
    steps:
      warn === undefined
        ? [[value, 'red']]
        : [
            [warn, 'orange'],
            [value, 'red'],
          ],
  };
}

/** Red below `value` (and amber below `warn`, if given). */
export function redBelow(value: number, warn?: number): { base: string; steps: Steps } {
  return {
    base: 'red',
    steps:
      warn === undefined
        ? [[value, 'green']]
        : [
            [value, 'orange'],
            [warn, 'green'],
          ],
  };
}

/** Series whose legend starts with `name`: the name alone or followed by a space (`latency 5m`). */
export function seriesNamed(name: string): string {
  return `^${anyOf([name])}( .*)?$`;
}

/** An override's thresholds: one series' own judgement (an SLO's objective or page factor), not the panel's. */
export function thresholdsOverride(t: { base: string; steps: Steps }): dashboard.DynamicConfigValue {
  return { id: 'thresholds', value: thresholds(t.base, t.steps).build() };
}

export interface PanelOptions {
  min?: number;
  max?: number;
  thresholds?: { base: string; steps: Steps };
  /** One copy of the panel per selected value of this variable. */
  repeat?: string;
  /** Stack the series (shares that add up to 1, counts that add up to a total). */
  stack?: boolean;
}

function withTargets<T extends { withTarget(t: cog.Builder<cog.Dataquery>): unknown }>(panel: T, targets: Target[]): T {
  targets.forEach((t, i) => {
    t.refId(String.fromCharCode(65 + i));
    panel.withTarget(t);
  });
  return panel;
}

function datasourceOf(targets: Target[]): typeof PROMETHEUS_REF | typeof SIEVE_REF {
  return targets.some((t) => t instanceof SieveQueryBuilder) ? SIEVE_REF : PROMETHEUS_REF;
}

/** The builder methods every panel kind has. */
interface Described {
  title(title: string): this;
  description(description: string): this;
  datasource(datasource: common.DataSourceRef): this;
  unit(unit: string): this;
}

/** What every panel starts with: its title, its description, the datasource its targets need and its unit. */
function described<P extends Described>(panel: P, text: PanelText, unit: string, targets: Target[]): P {
  return panel.title(text.title).description(description(text)).datasource(datasourceOf(targets)).unit(unit);
}

/** The builder methods of panels that draw values on a scale. */
interface Scaled {
  min(min: number): this;
  max(max: number): this;
  thresholds(thresholds: cog.Builder<dashboard.ThresholdsConfig>): this;
}

function withRange<P extends Scaled>(panel: P, o: PanelOptions): P {
  if (o.min !== undefined) panel.min(o.min);
  if (o.max !== undefined) panel.max(o.max);
  return panel;
}

/** The panel's thresholds, all blue (no judgement) when it has none. */
function withThresholds<P extends Scaled>(panel: P, o: PanelOptions): P {
  const t = o.thresholds ?? { base: 'blue', steps: [] };
  return panel.thresholds(thresholds(t.base, t.steps));
}

export function timeseriesPanel(
  text: PanelText,
  unit: string,
  targets: Target[],
  o: PanelOptions = {}
): timeseries.PanelBuilder {
  const p = described(new timeseries.PanelBuilder(), text, unit, targets)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom)
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending)
    );
  withRange(p, o);
  if (o.repeat) p.repeat(o.repeat).repeatDirection('h').maxPerRow(3);
  if (o.stack) p.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal)).fillOpacity(60);
  if (o.thresholds) {
    p.thresholds(thresholds(o.thresholds.base, o.thresholds.steps)).thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed)
    );
  }
  return withTargets(p, targets);
}

export function statPanel(text: PanelText, unit: string, targets: Target[], o: PanelOptions = {}): stat.PanelBuilder {
  const p = described(new stat.PanelBuilder(), text, unit, targets)
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  return withTargets(withThresholds(withRange(p, o), o), targets);
}

/** One horizontal bar per series (a category's share now and in the baseline), each reduced to its last value. */
export function barGaugePanel(
  text: PanelText,
  unit: string,
  targets: Target[],
  o: PanelOptions = {}
): bargauge.PanelBuilder {
  const p = described(new bargauge.PanelBuilder(), text, unit, targets)
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Basic)
    .showUnfilled(true)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  return withTargets(withThresholds(withRange(p, o), o), targets);
}

/** A table of instant values, one row per series, with the labels as columns. */
export function tablePanel(text: PanelText, unit: string, targets: Target[], o: PanelOptions = {}): table.PanelBuilder {
  const p = described(new table.PanelBuilder(), text, unit, targets).withTransformation({
    id: 'labelsToFields',
    options: {},
  });
  withThresholds(p, o);
  if (o.thresholds) p.cellOptions({ type: 'color-background' } as common.TableCellOptions);
  return withTargets(p, targets);
}

/** Histogram buckets as a heatmap: Prometheus returns them per `le`, already binned. */
export function heatmapPanel(text: PanelText, unit: string, target: prometheus.DataqueryBuilder): heatmap.PanelBuilder {
  const p = described(new heatmap.PanelBuilder(), text, unit, [target])
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(unit))
    .cellGap(1);
  return withTargets(p, [target]);
}
