import { readFileSync } from 'node:fs';
import { DASHBOARDS, FINE_WINDOW, formatDuration, parseSpec } from '@sieve/rules';
import { dashboardFiles } from '../src/generate.ts';
import { parseOptions } from '../src/options.ts';
import { allPanels, SPEC_PATH, type DashboardJson } from './support/generated.ts';

interface Override {
  matcher: { id: string; options: string };
  properties: Array<{ id: string; value: unknown }>;
}
type Steps = Array<{ value: number | null; color: string }>;

/**
 * The on-call burn-rate panel with SLOs that page at different factors: a 1-day period folds the
 * Workbook's two page pairs into one (1h/5m) at the smaller factor, 6, where 30 days page at 14.4.
 */
describe('on-call burn rate per SLO', () => {
  const text = readFileSync(SPEC_PATH, 'utf8').replace(/(- name: latency\n)/, '$1    period: 1d\n');
  const spec = parseSpec(text, SPEC_PATH);
  const d = JSON.parse(dashboardFiles(parseOptions(spec))[`${DASHBOARDS.onCall}.json`]!) as DashboardJson;
  const panel = allPanels(d).find((p) => p.title === 'Burn rate per SLO')!;
  const config = panel.fieldConfig as unknown as {
    defaults: { thresholds?: { steps: Steps }; custom?: { thresholdsStyle?: { mode: string } } };
    overrides: Override[];
  };
  const redAt = (shown: string) => {
    const matching = config.overrides.filter((o) => new RegExp(o.matcher.options).test(shown));
    expect(matching).toHaveLength(1);
    const { steps } = matching[0]!.properties.find((p) => p.id === 'thresholds')!.value as { steps: Steps };
    return steps.find((s) => s.color === 'red')?.value;
  };
  const fine = formatDuration(FINE_WINDOW);

  it('turns each SLO red at its own page factor, in every window it shows', () => {
    expect(spec.slos.find((s) => s.name === 'latency')?.period).toBe('1d');
    for (const window of [fine, '1h']) {
      expect(redAt(`latency ${window}`)).toBe(6);
      expect(redAt(`availability ${window}`)).toBe(14.4);
    }
    // Colour from each series' own thresholds, so a line turns red where its SLO pages.
    const latency = config.overrides.find((o) => new RegExp(o.matcher.options).test('latency 1h'))!;
    expect(latency.properties).toEqual(
      expect.arrayContaining([
        { id: 'color', value: { mode: 'thresholds' } },
        { id: 'custom.gradientMode', value: 'scheme' },
      ])
    );
  });

  it('draws no shared dashed line when the SLOs page at different factors', () => {
    expect(config.defaults.custom?.thresholdsStyle?.mode ?? 'off').toBe('off');
    expect(panel.description).toContain('6× for latency');
  });

  it('names the current burn rate after the window the rules record it over', () => {
    const legends = (panel.targets ?? []).map((t) => (t as { legendFormat?: string }).legendFormat);
    expect(legends[0]).toBe(`{{slo}} ${fine}`);
    expect(panel.description).toContain(`over the last ${fine}`);
  });
});
