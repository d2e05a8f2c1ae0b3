import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '@sieve/rules';
import { DEMO, FEATURE_NAMES } from '../src/names.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'rules', 'slos.yaml');

describe('the default SLO spec (rules/slos.yaml)', () => {
  const spec = parseSpec(readFileSync(SPEC, 'utf8'), SPEC);
  const demoPipeline = spec.pipelines.find((p) => p.name === DEMO.pipeline);

  it("alerts on the demo's pipeline, its features and its dataset", () => {
    expect(demoPipeline?.features?.names).toEqual(FEATURE_NAMES);
    expect(demoPipeline?.datasets?.names).toEqual([DEMO.dataset]);
  });

  it("alerts on the demo's model", () => {
    expect(spec.models.map((m) => m.name)).toContain(DEMO.model);
  });

  it('selects no pipeline, feature, dataset or model the demo does not emit in its SLO selectors', () => {
    const known: Record<string, readonly string[]> = {
      pipeline: [DEMO.pipeline],
      feature: FEATURE_NAMES,
      dataset: [DEMO.dataset],
      model: [DEMO.model],
    };
    for (const slo of spec.slos) {
      for (const [label, value] of Object.entries({ ...slo.labels, ...slo.selector })) {
        if (known[label])
          expect({ slo: slo.name, label, ok: known[label]?.includes(value) }).toEqual({
            slo: slo.name,
            label,
            ok: true,
          });
      }
    }
  });
});
