import { METRICS } from '@sieve/otel-instrumentation/catalog';
import { DASHBOARDS } from '@sieve/rules';
import { allPanels, generatedDashboards, isPrometheus } from './support/generated.ts';

/** The overflow panel names the handle that overflowed by every label the catalog gives the counter. */
describe('data-quality series past the cardinality limit', () => {
  const d = generatedDashboards().find((x) => x.uid === DASHBOARDS.dataQuality)!;
  const overflow = METRICS.instrumentationOverflow;
  const targets = allPanels(d)
    .flatMap((p) => (p.targets ?? []).filter(isPrometheus))
    .filter((t) => (t.expr ?? '').includes(overflow.prometheus.name));

  it.each([...overflow.labels])('keeps and shows the %s label', (label) => {
    expect(targets).toHaveLength(1);
    const by = /sum by \(([^)]*)\)/.exec(targets[0]!.expr ?? '')?.[1]?.split(', ');
    expect(by).toContain(label);
    expect(targets[0]!.legendFormat).toContain(`{{${label}}}`);
  });
});
