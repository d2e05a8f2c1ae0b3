import { parseQuery } from '../../grafana-plugin/backend/src/datasource/querySchema.ts';
import { sieveTargets } from './support/sieveTargets.ts';

/** Every Sieve target, as the frontend sends it once its variables are expanded, is a valid query for the plugin. */
describe('Sieve datasource targets', () => {
  const targets = sieveTargets(() => ['amount']);

  it('exist for drift against both baselines, every measure, and anomaly bands', () => {
    const drift = targets.filter((t) => t.model.queryType === 'drift');
    expect(new Set(drift.map((t) => t.model.measure)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(drift.map((t) => (t.model.baseline as { type: string }).type))).toEqual(
      new Set(['exported', 'offset'])
    );
    expect(targets.filter((t) => t.model.queryType === 'anomaly').length).toBeGreaterThanOrEqual(2);
  });

  it('each pass the plugin’s query schema (parseQuery)', () => {
    for (const t of targets) {
      let error = '';
      try {
        parseQuery(String(t.model.queryType), JSON.stringify(t.model));
      } catch (e) {
        error = (e as Error).message;
      }
      expect([t.dashboard, t.panel, JSON.stringify(t.model), error]).toEqual([
        t.dashboard,
        t.panel,
        JSON.stringify(t.model),
        '',
      ]);
    }
  });
});
