import type { PanelData } from '@grafana/data';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { DETECTORS, MEASURE_NAMES } from '@sieve/scoring';
import { useState } from 'react';
import { ConfigEditor } from '../../src/components/ConfigEditor.tsx';
import { QueryEditor } from '../../src/components/QueryEditor.tsx';
import type { SieveSettings } from '../../src/configModel.ts';
import { DEFAULT_ANOMALY, DEFAULT_DRIFT } from '../../src/queryDefaults.ts';
import type { SieveQuery } from '../../src/types.ts';
import { fakeBackend, fakeTemplateSrv, sieveDataSource } from './fakeGrafana.ts';

const RESOURCES = {
  features: { status: 200, body: ['age', 'income', 'region'] },
  measures: { status: 200, body: MEASURE_NAMES.map((name) => ({ name, default: name === 'psi' })) },
};

/** The editor as Grafana hosts it: it owns the query and re-renders the editor on onChange. */
function Host({ initial, log }: { initial: SieveQuery; log: { changes: SieveQuery[]; runs: number } }) {
  const [query, setQuery] = useState(initial);
  const ds = sieveDataSource(fakeTemplateSrv({ feature: ['age', 'income'] }));
  const [datasource] = useState(ds);
  return (
    <QueryEditor
      datasource={datasource}
      query={query}
      onChange={(q) => {
        log.changes.push(q);
        setQuery(q);
      }}
      onRunQuery={() => log.runs++}
    />
  );
}

function setup(initial: SieveQuery, answers: Parameters<typeof fakeBackend>[0] = RESOURCES) {
  const backend = fakeBackend(answers);
  const log = { changes: [] as SieveQuery[], runs: 0 };
  const user = userEvent.setup();
  render(<Host initial={initial} log={log} />);
  const last = () => log.changes[log.changes.length - 1];
  return { user, log, last, backend };
}

describe('QueryEditor', () => {
  it('starts a bare Explore / alert-rule query ({ refId }) as a valid drift query', async () => {
    setup({ refId: 'A' } as SieveQuery);
    expect(screen.getByRole('radio', { name: 'Drift' })).toBeChecked();
    expect(await screen.findByLabelText('Label matchers')).toHaveValue('');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('switches query types, keeping refId, and shows the backend message for the empty expression', async () => {
    const { user, last, log } = setup({ ...DEFAULT_DRIFT, refId: 'B' });
    await user.click(screen.getByRole('radio', { name: 'Anomaly' }));
    expect(last()).toEqual({ ...DEFAULT_ANOMALY, refId: 'B', datasource: undefined, hide: undefined, key: undefined });
    expect(screen.getByText('anomaly query: field "expr": a PromQL expression is required')).toBeInTheDocument();
    expect(log.runs).toBe(0); // an invalid query is never run

    await user.type(screen.getByLabelText('PromQL expression'), 'up');
    await user.tab();
    expect(screen.queryByText(/a PromQL expression is required/)).toBeNull();
    expect(log.runs).toBe(1);

    await user.click(screen.getByRole('radio', { name: 'Drift' }));
    expect(last()).toMatchObject({ ...DEFAULT_DRIFT, refId: 'B' });
  });

  it('lets an alert rule threshold the verdict (the default) or the raw value', async () => {
    const { user, last } = setup({ ...DEFAULT_DRIFT, refId: 'A' });
    expect(screen.getByRole('radio', { name: 'Verdict' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Raw value' }));
    expect(last()).toMatchObject({ alertValue: 'value' });
  });

  it('shows each drift field problem beside the field, in the backend words', async () => {
    const { user, log } = setup({ ...DEFAULT_DRIFT, refId: 'A' });
    await user.type(screen.getByLabelText('Window'), '5 minutes');
    await user.tab();
    expect(
      screen.getByText(
        'drift query: field "window": expected a positive duration such as "5m", "1h" or "7d", got "5 minutes"'
      )
    ).toBeInTheDocument();
    expect(log.runs).toBe(0);

    await user.click(screen.getByRole('radio', { name: 'Offset' }));
    await user.clear(screen.getByLabelText('Window'));
    const offset = screen.getByLabelText('Baseline offset');
    expect(offset).toHaveValue('7d');
    await user.clear(offset);
    await user.type(offset, '0d');
    expect(screen.getByText(/drift query: field "baseline.offset": expected a positive duration/)).toBeInTheDocument();
  });

  it('accepts a template variable where a duration goes, validating the interpolated value', async () => {
    const { user } = setup({ ...DEFAULT_DRIFT, refId: 'A' });
    await user.type(screen.getByLabelText('Window'), '$feature');
    // $feature interpolates to a glob of features, which is no duration: the editor says so.
    expect(screen.getByText(/field "window": expected a positive duration/)).toBeInTheDocument();
  });

  it("validates a repeated panel's query with the repeat's value from the last request", async () => {
    fakeBackend(RESOURCES);
    const ds = sieveDataSource(fakeTemplateSrv({ measure: ['psi', 'js'] }));
    const query = { ...DEFAULT_DRIFT, refId: 'A', measure: '$measure' } as unknown as SieveQuery;
    const editor = (data?: PanelData) => (
      <QueryEditor datasource={ds} query={query} onChange={() => {}} onRunQuery={() => {}} data={data} />
    );
    const { rerender } = render(editor());
    // Without the request, `$measure` is the dashboard's multi-value: no single measure, and the editor says so.
    expect(screen.getByText(/field "measure": expected one of/)).toBeInTheDocument();
    const scopedVars = { measure: { text: 'js', value: 'js' } };
    rerender(editor({ request: { scopedVars } } as unknown as PanelData));
    await screen.findByLabelText('Label matchers');
    expect(screen.queryByText(/field "measure"/)).toBeNull();
  });

  it('fills the feature picker from the features resource, with template variables, and writes matchers', async () => {
    const { user, last, backend } = setup({ ...DEFAULT_DRIFT, refId: 'A' });
    await user.click(screen.getByLabelText('Pick features'));
    for (const name of ['age', 'income', 'region', '$feature'])
      expect(await screen.findByText(name)).toBeInTheDocument();
    expect(backend.urls).toContain('/api/datasources/uid/sieve/resources/features');
    await user.click(screen.getByText('income'));
    expect(last()).toMatchObject({ features: 'feature="income"' });
    expect(screen.getByLabelText('Label matchers')).toHaveValue('feature="income"');
    await user.click(screen.getByLabelText('Pick features'));
    await user.click(await screen.findByText('$feature'));
    expect(last()).toMatchObject({ features: 'feature=~"income|$feature"' });
  });

  it('says why the feature list is missing, with the backend error', async () => {
    setup(
      { ...DEFAULT_DRIFT, refId: 'A' },
      { ...RESOURCES, features: { status: 502, body: { error: 'prometheus unreachable: connection refused' } } }
    );
    expect(
      await screen.findByText('could not list features: prometheus unreachable: connection refused')
    ).toBeInTheDocument();
  });

  it('offers every measure from the measures resource', async () => {
    const { user, last } = setup({ ...DEFAULT_DRIFT, refId: 'A' });
    await user.click(screen.getByLabelText('Measure'));
    for (const m of MEASURE_NAMES) expect(await screen.findAllByText(m)).not.toHaveLength(0);
    const target = MEASURE_NAMES[MEASURE_NAMES.length - 1] as string;
    const menu = screen.getByRole('listbox');
    await user.click(within(menu).getByText(target));
    expect(last()).toMatchObject({ measure: target });
  });

  it('shows every parameter of every detector with its registry default, and checks the range', async () => {
    for (const [detector, spec] of Object.entries(DETECTORS)) {
      const { unmount } = render(
        <QueryEditor
          datasource={sieveDataSource(fakeTemplateSrv({}))}
          query={{ ...DEFAULT_ANOMALY, refId: 'A', expr: 'up', detector: detector as SieveQuery['queryType'] & never }}
          onChange={() => {}}
          onRunQuery={() => {}}
        />
      );
      for (const [name, p] of Object.entries(spec.params).filter(([n]) => !n.includes('.'))) {
        expect(screen.getByLabelText(`Parameter ${name}`)).toHaveAttribute('placeholder', String(p.default));
      }
      unmount();
    }
    const { user, last } = setup({ ...DEFAULT_ANOMALY, refId: 'A', expr: 'up', detector: 'zscore' });
    await user.type(screen.getByLabelText('Parameter bandWidth'), '1000');
    expect(last()).toMatchObject({ params: { bandWidth: 1000 } });
    expect(
      screen.getByText('anomaly query: field "params.bandWidth": must be in [0.1, 100], got 1000')
    ).toBeInTheDocument();
  });
});

describe('tooltips', () => {
  /** Field labels (not the radio options' labels) that carry no tooltip icon. */
  const withoutTooltip = (root: HTMLElement) =>
    [...root.querySelectorAll('label')]
      .filter((l) => !l.htmlFor.startsWith('option-') && l.querySelector('svg') === null)
      .map((l) => l.textContent);

  it('every field of both query editors has one', async () => {
    const { user } = setup({ ...DEFAULT_DRIFT, refId: 'A', baseline: { type: 'offset', offset: '7d' } });
    expect(withoutTooltip(document.body)).toEqual([]);
    await user.click(screen.getByRole('radio', { name: 'Range' }));
    expect(screen.getByLabelText('Baseline to')).toBeInTheDocument();
    expect(withoutTooltip(document.body)).toEqual([]);
    await user.click(screen.getByRole('radio', { name: 'Anomaly' }));
    await user.click(screen.getByRole('button', { name: /Member parameters/ }));
    expect(screen.getByLabelText('Parameter zscore.window')).toBeInTheDocument();
    expect(withoutTooltip(document.body)).toEqual([]);
  });

  it('every field of the config editor has one', () => {
    const settings = {
      url: 'http://prom:9090',
      basicAuth: true,
      basicAuthUser: 'ann',
      jsonData: { httpHeaderName1: 'X-Scope-OrgID' },
      secureJsonFields: {},
    } as unknown as SieveSettings;
    const { container } = render(<ConfigEditor options={settings} onOptionsChange={() => {}} />);
    expect(screen.getByLabelText('Basic auth user')).toBeInTheDocument();
    expect(withoutTooltip(container)).toEqual([]);
  });
});
