import { readFileSync } from 'node:fs';
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
