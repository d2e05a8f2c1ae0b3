import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { firstValueFrom } from 'rxjs';
import { anomalyFrames } from '../../backend/src/datasource/anomalyFrames.ts';
import { MEASURE_NAMES } from '../../backend/src/datasource/driftMeasures.ts';
import { RESOURCE_PATHS } from '../../backend/src/datasource/resourcePaths.ts';
import { VariableQueryEditor } from '../../src/components/VariableQueryEditor.tsx';
import { DEFAULT_ANOMALY, DEFAULT_DRIFT } from '../../src/queryDefaults.ts';
import { validateQuery } from '../../src/validateQuery.ts';
import type { AnomalyQuery, DriftQuery, SieveQuery, SieveVariableQuery } from '../../src/types.ts';
import type { SieveVariableSupport } from '../../src/variables.ts';
import { fakeBackend, fakeTemplateSrv, sieveDataSource } from './fakeGrafana.ts';
import { provisionedSieveTargets } from './provisionedTargets.ts';
import type { AnnotationQuery, DataFrame, DataQueryRequest } from '@grafana/data';

const LISTS = {
  pipelines: { status: 200, body: ['etl-daily'] },
  features: { status: 200, body: ['age', 'income'] },
  models: { status: 200, body: ['churn-v2', 'churn-v3'] },
  detectors: {
    status: 200,
    body: [
      { name: 'zscore', default: false, params: {} },
      { name: 'ensemble', default: true },
    ],
  },
  measures: { status: 200, body: [{ name: 'psi', default: true }] },
  health: {
    status: 200,
    body: { status: 'OK', message: 'Prometheus at http://prom:9090 answers; 12 features, 2 models' },
  },
};
const NAMES: Record<string, string[]> = {
  pipelines: ['etl-daily'],
  features: ['age', 'income'],
  models: ['churn-v2', 'churn-v3'],
  detectors: ['zscore', 'ensemble'],
  measures: ['psi'],
};

const vars = { feature: ['age', 'inc.ome'], win: '2h' };

describe('SieveDataSource', () => {
  it('interpolates multi-value variables into matchers and PromQL, and every duration', () => {
    const ds = sieveDataSource(fakeTemplateSrv(vars));
    const drift = ds.applyTemplateVariables(
      { ...DEFAULT_DRIFT, refId: 'A', features: 'feature=~"$feature"', window: '$win' } as DriftQuery,
      {}
    );
    expect(drift).toMatchObject({ features: 'feature=~"(age|inc\\\\.ome)"', window: '2h' });
    const anomaly = ds.applyTemplateVariables(
      { ...DEFAULT_ANOMALY, refId: 'B', expr: 'rate(x{feature=~"$feature"}[$win])', step: '$win' } as AnomalyQuery,
      {}
    );
    expect(anomaly).toMatchObject({ expr: 'rate(x{feature=~"(age|inc\\\\.ome)"}[2h])', step: '2h' });
  });

  it('holds back only hidden queries and anomaly queries without an expression', () => {
    const ds = sieveDataSource(fakeTemplateSrv(vars));
    expect(ds.filterQuery({ ...DEFAULT_DRIFT, refId: 'A' })).toBe(true);
    expect(ds.filterQuery({ ...DEFAULT_ANOMALY, refId: 'A' })).toBe(false); // empty expression
    expect(ds.filterQuery({ ...DEFAULT_ANOMALY, refId: 'A', expr: '  ' })).toBe(false);
    expect(ds.filterQuery({ ...DEFAULT_ANOMALY, refId: 'A', expr: 'up' })).toBe(true);
    expect(ds.filterQuery({ ...DEFAULT_DRIFT, refId: 'A', hide: true })).toBe(false);
    // Invalid text is sent: the backend answers a per-query error naming the field, never "No data".
    expect(ds.filterQuery({ ...DEFAULT_DRIFT, refId: 'A', window: 'soon' })).toBe(true);
  });

  it('sends a query whose fields are not text (hand-written JSON) without throwing, for the backend to name the field', () => {
    const ds = sieveDataSource(fakeTemplateSrv(vars));
    for (const expr of [null, 5, { a: 1 }]) {
      const query = { ...DEFAULT_ANOMALY, refId: 'A', expr } as unknown as SieveQuery;
      expect(ds.filterQuery(query)).toBe(true);
      expect(ds.applyTemplateVariables(query, {})).toMatchObject({ refId: 'A', expr });
    }
    const drift = { ...DEFAULT_DRIFT, refId: 'B', measure: 5, window: null } as unknown as SieveQuery;
    expect(ds.filterQuery(drift)).toBe(true);
    expect(ds.applyTemplateVariables(drift, {})).toMatchObject({ measure: 5, window: null });
  });

  it("sends a repeated panel's target, interpolated with the repeat's value (Grafana calls filterQuery without scopedVars)", () => {
    // `measure` is multi-value with every measure selected, as in the provisioned Feature debug dashboard.
    const ds = sieveDataSource(fakeTemplateSrv({ measure: [...MEASURE_NAMES], baseline: '1d', feature: 'age' }));
    const target = {
      ...DEFAULT_DRIFT,
      refId: 'A',
      measure: '$measure',
      baseline: { type: 'offset', offset: '$baseline' },
    };
    const query = target as unknown as DriftQuery;
    expect(ds.filterQuery(query)).toBe(true);
    for (const measure of MEASURE_NAMES) {
      const sent = ds.applyTemplateVariables(query, { measure: { text: measure, value: measure } });
      expect(sent).toMatchObject({ measure, baseline: { type: 'offset', offset: '1d' } });
      expect(validateQuery(sent)).toBeUndefined();
    }
  });

  it("sends every Sieve target of the provisioned dashboards, each repeated panel's for every repeat value", () => {
    const checked = provisionedSieveTargets().map(({ dashboard, panel, target, vars, scoped }) => {
      const ds = sieveDataSource(fakeTemplateSrv(vars));
      const where = `${dashboard} panel ${panel}`;
      expect({ where, sent: ds.filterQuery(target) }).toEqual({ where, sent: true });
      const issue = validateQuery(ds.applyTemplateVariables(target, scoped));
      expect({ where, scoped, issue }).toEqual({ where, scoped, issue: undefined });
      return where;
    });
    expect(checked.length).toBeGreaterThan(0);
  });

  it('"Save & test" shows the backend health message', async () => {
    fakeBackend(LISTS);
    const result = await sieveDataSource(fakeTemplateSrv({})).testDatasource();
    expect(result).toMatchObject({ status: 'success', message: LISTS.health.body.message });
  });

  it('lists every variable kind through its backend resource', async () => {
    const { urls } = fakeBackend(LISTS);
    const ds = sieveDataSource(fakeTemplateSrv({}));
    for (const kind of RESOURCE_PATHS) {
      const request = { targets: [{ refId: 'V', kind }] } as unknown as DataQueryRequest<SieveVariableQuery>;
      const response = await firstValueFrom((ds.variables as SieveVariableSupport).query(request));
      expect(response.data).toEqual(NAMES[kind]?.map((n) => ({ text: n, value: n })));
      expect(urls[urls.length - 1]).toBe(`/api/datasources/uid/sieve/resources/${kind}`);
    }
  });

  it('turns anomaly frames into annotations and defaults annotation queries to anomaly', async () => {
    const ds = sieveDataSource(fakeTemplateSrv({}));
    const support = ds.annotations;
    expect(support?.getDefaultQuery?.()).toEqual(DEFAULT_ANOMALY);
    const frames = anomalyFrames(
      [
        {
          labels: {},
          timestampsMs: [1, 2],
          value: [5, 1],
          expected: [1, 1],
          lower: [0, 0],
          upper: [2, 2],
          score: [0.9, 0.1],
          anomaly: [1, 0],
        },
      ],
      'up'
    ) as unknown as DataFrame[];
    const events = await firstValueFrom(support!.processEvents!({} as AnnotationQuery<AnomalyQuery>, frames));
    expect(events).toEqual([
      expect.objectContaining({ time: 1, timeEnd: 1, title: 'Anomaly in up', tags: ['anomaly'] }),
    ]);
  });
});

describe('VariableQueryEditor', () => {
  it('previews the values of each kind and switches kinds', async () => {
    fakeBackend(LISTS);
    const ds = sieveDataSource(fakeTemplateSrv({}));
    const changes: SieveVariableQuery[] = [];
    const user = userEvent.setup();
    const { rerender } = render(
      <VariableQueryEditor datasource={ds} query={{ refId: 'V', kind: 'models' }} onChange={(q) => changes.push(q)} />
    );
    expect(await screen.findByText('2 values: churn-v2, churn-v3')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'detectors' }));
    expect(changes).toEqual([{ refId: 'V', kind: 'detectors' }]);
    rerender(<VariableQueryEditor datasource={ds} query={{ refId: 'V', kind: 'detectors' }} onChange={() => {}} />);
    expect(await screen.findByText('2 values: zscore, ensemble')).toBeInTheDocument();
  });

  it('shows the backend error when a list cannot be fetched', async () => {
    fakeBackend({ ...LISTS, pipelines: { status: 401, body: { error: 'upstream said 401: check the credentials' } } });
    render(
      <VariableQueryEditor
        datasource={sieveDataSource(fakeTemplateSrv({}))}
        query={{ refId: 'V', kind: 'pipelines' }}
        onChange={() => {}}
      />
    );
    expect(
      await screen.findByText('Could not list pipelines: upstream said 401: check the credentials')
    ).toBeInTheDocument();
  });
});

describe('SieveDataSource interval', () => {
  it("is the scrape interval (jsonData.timeInterval), Grafana's lower limit for a panel's interval", () => {
    const interval = (timeInterval?: string) =>
      sieveDataSource(fakeTemplateSrv({}), timeInterval === undefined ? {} : { timeInterval }).interval;
    expect(interval('30s')).toBe('30s');
    // Grafana's interval parser reads one unit only: 1m30s is handed over as 90s.
    expect(interval('1m30s')).toBe('90s');
    expect(interval('250ms')).toBe('250ms');
    expect(interval(undefined)).toBeUndefined();
    expect(interval('')).toBeUndefined();
    expect(interval('fast')).toBeUndefined();
  });
});
