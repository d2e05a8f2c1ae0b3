import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from '@sieve/testkit';
import { stringify } from 'yaml';
import { DASHBOARDS, parseSpec } from '@sieve/rules';
import { allPanels, generatedDashboards, SPEC_PATH } from './support/generated.ts';

interface Override {
  matcher: { id: string; options: string };
  properties: Array<{ id: string; value: { steps: Array<{ value: number | null; color: string }> } }>;
}

/** The executive compliance panel turns each SLO red at that SLO's own objective, not at one shared value. */
describe('executive SLO compliance', () => {
  const spec = parseSpec(readFileSync(SPEC_PATH, 'utf8'), SPEC_PATH);
  const d = generatedDashboards().find((x) => x.uid === DASHBOARDS.executive)!;
  const panel = allPanels(d).find((p) => p.title === 'SLO compliance over the period')!;
  const overrides = (panel.fieldConfig as unknown as { overrides: Override[] }).overrides;

  it.each(spec.slos.map((s) => [s.name, s.objective] as const))(
    '%s turns red below its %d% objective, with or without labels in its name',
    (name, objective) => {
      for (const shown of [name, `${name} flights-features `, `${name}  `]) {
        const matching = overrides.filter((o) => new RegExp(o.matcher.options).test(shown));
        expect(matching).toHaveLength(1);
        const steps = matching[0]!.properties.find((p) => p.id === 'thresholds')!.value.steps;
        expect(steps).toEqual([
          { value: null, color: 'red' },
          { value: expect.closeTo(objective / 100, 12), color: 'green' },
        ]);
      }
    }
  );
});

/**
 * "Drift alerts over the period" counts what the on-call received: promtool evaluates the panel's
 * queries over ALERTS series as Prometheus writes them.
 */
describe('executive drift alerts', () => {
  const d = generatedDashboards().find((x) => x.uid === DASHBOARDS.executive)!;
  const panel = allPanels(d).find((p) => p.title === 'Drift alerts over the period')!;
  const targets = (panel as unknown as { targets: Array<{ expr: string; legendFormat: string }> }).targets;

  it('counts one per alert and feature, drops inhibited tickets and a failing pipeline’s drift', () => {
    const alert = (labels: Record<string, string>) => ({
      series: `ALERTS{${Object.entries({ alertstate: 'firing', ...labels })
        .map(([k, v]) => `${k}="${v}"`)
        .join(',')}}`,
      values: '1+0x10',
    });
    const psi = (feature: string, severity: string, pipeline = 'flights-features') =>
      alert({ alertname: 'SieveFeatureDrift', pipeline, feature, severity });
    // The drift SLO's alerts carry the pipeline that lists the feature (rules' pipelineOwner.ts).
    const burn = (window: string, severity: string) =>
      alert({
        alertname: 'SieveDriftBudgetBurn',
        slo: 'drift',
        pipeline: 'flights-features',
        feature: 'distance',
        burn_window: window,
        severity,
      });
    const input = [
      // One drifting feature: the PSI page and ticket, and all four burn windows of the drift SLO.
      psi('distance', 'critical'),
      psi('distance', 'warning'),
      burn('1h/5m', 'critical'),
      burn('6h/30m', 'critical'),
      burn('1d/2h', 'warning'),
      burn('3d/6h', 'warning'),
      // A moderate shift elsewhere: a ticket nobody inhibits.
      psi('origin', 'warning'),
      // Drift on a pipeline that is failing: inhibited, not received.
      psi('dep_hour', 'critical', 'other'),
      alert({ alertname: 'SievePipelineFailing', pipeline: 'other', severity: 'critical' }),
      // Pending is not firing.
      {
        series: 'ALERTS{alertstate="pending",alertname="SieveFeatureDrift",feature="x",severity="critical"}',
        values: '1+0x10',
      },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'sieve-executive-'));
    try {
      const file = join(dir, 'drift.test.yml');
      const expectCount = (expr: string, value: number) => ({
        expr,
        eval_time: '5m',
        exp_samples: [{ labels: '{}', value }],
      });
      const byLegend = (legend: string) => targets.find((t) => t.legendFormat === legend)!.expr;
      writeFileSync(
        file,
        stringify({
          rule_files: [],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: input,
              promql_expr_test: [expectCount(byLegend('critical'), 2), expectCount(byLegend('warning'), 1)],
            },
            // Nothing firing reads 0, not an empty panel.
            {
              interval: '1m',
              input_series: [],
              promql_expr_test: [expectCount(byLegend('critical'), 0), expectCount(byLegend('warning'), 0)],
            },
          ],
        })
      );
      const result = spawnSync(requireBinary('promtool'), ['test', 'rules', file], { encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
