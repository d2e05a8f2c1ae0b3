import {
  MISSING_DATA_DEFAULT,
  DASHBOARDS,
  formatDuration,
  PANELS,
  RECORD,
  recordedWindowNames,
  RULE_LABEL,
  sliLabels,
  sloPairs,
  type Slo,
  type Spec,
} from '@sieve/rules';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { commonVariables } from '../commonVariables.ts';
import { sieveDashboard, type LayoutItem } from '../frame.ts';
import type { DashboardOptions } from '../options.ts';
import { prom, redAbove, redBelow, statPanel, timeseriesPanel } from '../panels.ts';
import { sel } from '../promql.ts';
import { labelVariable } from '../variables.ts';

/**
 * SLOs, as Sloth and Pyrra draw them: an overview of every SLO, then one row per SLO of the spec
 * (in spec order, with the ids PANELS.sloBurnRate expects): objective, SLI now, error budget left
 * over the period, burn rate by window, and one panel per multiwindow pair against its threshold.
 * Everything reads the recording rules (RECORD), never the raw metrics.
 */
export function slosDashboard(o: DashboardOptions) {
  const v = commonVariables(o);
  const SLO = { [RULE_LABEL.slo]: RULE_LABEL.slo };
  return sieveDashboard(
    {
      uid: DASHBOARDS.slos,
      title: 'Sieve / SLOs',
      description: 'Every SLO of the spec: objective, SLI, error budget and multiwindow burn rates.',
      from: 'now-7d',
      variables: [
        v.datasource(),
        labelVariable({ label: RULE_LABEL.slo, title: 'SLO', metric: RECORD.objective, multi: true }),
      ],
    },
    [
      {
        w: 12,
        h: 7,
        panel: statPanel(
          {
            title: 'Error budget left, every SLO',
            shows: 'Share of each SLO’s error budget left over its period (1 = untouched, 0 = spent).',
            whenRed:
              'an SLO spent its budget: open its row below, find the burning window, and slow down risky changes.',
          },
          units.PercentUnit,
          [prom(`min by (${RULE_LABEL.slo}) (${RECORD.budgetRemaining}${sel(SLO)})`, '{{slo}}', 'instant')],
          { thresholds: redBelow(0, 0.25) }
        ),
      },
      {
        w: 12,
        h: 7,
        panel: statPanel(
          {
            title: 'Burn rate now, every SLO',
            shows:
              'How fast each SLO burns its budget over the last 5 minutes (1 = exactly the budget by the end of the period).',
            whenRed: 'an SLO burns fast: its burn-rate alert is about to fire or firing; follow its runbook.',
          },
          units.NoUnit,
          [prom(`max by (${RULE_LABEL.slo}) (${RECORD.currentBurnRate}${sel(SLO)})`, '{{slo}}', 'instant')],
          { thresholds: redAbove(6, 1) }
        ),
      },
      ...o.spec.slos.flatMap((slo, i) => sloRow(o.spec, slo, i)),
    ]
  );
}

function sloRow(spec: Spec, slo: Slo, index: number): LayoutItem[] {
  const base = PANELS.sloBurnRate(index) - 4;
  const match = `{${RULE_LABEL.sloService}=${JSON.stringify(spec.service)},${RULE_LABEL.slo}=${JSON.stringify(slo.name)}}`;
  const legend = sliLabels(slo.sli)
    .map((l) => `{{${l}}}`)
    .join(' ');
  const objective = slo.objective / 100;
  const burn = (window: string) =>
    `${RECORD.errorRatio(window)}${match} / on (${RULE_LABEL.sloId}) group_left ${RECORD.errorBudget}${match}`;
  const pairs = sloPairs(slo);
  // A sparse pipeline records no 5m ratio: its SLI is the period's share of good runs.
  const now = recordedWindowNames(slo).includes('5m') ? '5m' : slo.period;
  const pagePair = pairs.find((p) => p.tier === 'page');
  const fastest = pagePair ? pagePair.factor : 1;
  const windowPanel: LayoutItem = {
    id: base + 4,
    w: 12,
    h: 8,
    panel: timeseriesPanel(
      {
        title: `${slo.name}: burn rate by window`,
        shows: `Error ratio over each recorded window divided by the error budget (${+(1 - objective).toPrecision(6)}): 1 spends exactly the budget by the end of the ${slo.period} period.`,
        whenRed: `a window burns above ${fastest}×, the fastest page threshold: find which ${legend || 'series'} burns and follow the alert’s runbook.`,
      },
      units.NoUnit,
      // A sparse pipeline records no windows (its runs are counted): its period burn is what there is.
      (recordedWindowNames(slo).length ? recordedWindowNames(slo) : [slo.period]).map((w) =>
        prom(burn(w), `${w} ${legend}`.trim())
      ),
      { min: 0, thresholds: redAbove(fastest, 1) }
    ),
  };
  return [
    { row: `SLO ${slo.name}: ${slo.description}`, id: base },
    {
      id: base + 1,
      w: 4,
      h: 8,
      panel: statPanel(
        {
          title: `${slo.name}: objective`,
          shows: `The objective of the ${slo.name} SLO over its ${slo.period} period.`,
          whenRed: 'this panel is never red; it is the target the other panels are read against.',
        },
        units.PercentUnit,
        [prom(`max(${RECORD.objective}${match})`, 'objective', 'instant')]
      ),
    },
    {
      id: base + 2,
      w: 4,
      h: 8,
      panel: statPanel(
        {
          title: `${slo.name}: SLI now`,
          shows: `Share of ${slo.sli.kind in MISSING_DATA_DEFAULT ? 'good time (evaluations)' : 'good events'} over ${now === '5m' ? 'the last 5 minutes' : `the ${slo.period} period (runs are counted, not rated)`}, ${legend ? `per ${sliLabels(slo.sli).join(' and ')}` : 'overall'}.`,
          whenRed: `below the ${slo.objective}% objective right now: the budget is burning; see the burn-rate panels.`,
        },
        units.PercentUnit,
        [prom(`1 - ${RECORD.errorRatio(now)}${match}`, legend || 'SLI', 'instant')],
        { thresholds: redBelow(objective) }
      ),
    },
    {
      id: base + 3,
      w: 4,
      h: 8,
      panel: statPanel(
        {
          title: `${slo.name}: error budget left`,
          shows: `Share of the ${slo.period} error budget left (1 = untouched, 0 = spent, below 0 = SLO missed).`,
          whenRed: 'the budget is spent: freeze risky changes for this service until it recovers.',
        },
        units.PercentUnit,
        [prom(RECORD.budgetRemaining + match, legend || 'budget left', 'instant')],
        { thresholds: redBelow(0, 0.25) }
      ),
    },
    windowPanel,
    ...pairs.map((pair, k): LayoutItem => {
      const factor = pair.factor;
      const long = formatDuration(pair.long);
      const short = formatDuration(pair.short);
      const percent = +(pair.budgetSpent * 100).toPrecision(3);
      return {
        id: base + 5 + k,
        w: 6,
        h: 7,
        panel: timeseriesPanel(
          {
            title: `${slo.name}: ${pair.tier} ${long}/${short} vs ${factor}×`,
            shows: `Burn rate over ${long} and ${short}; the ${pair.tier} alert fires when both exceed ${factor}× (${percent}% of the budget within ${long}).`,
            whenRed: `both lines above ${factor}×: the ${pair.tier} alert is firing; follow its runbook.`,
          },
          units.NoUnit,
          [prom(burn(long), `${long} ${legend}`.trim()), prom(burn(short), `${short} ${legend}`.trim())],
          { min: 0, thresholds: redAbove(factor) }
        ),
      };
    }),
  ];
}
