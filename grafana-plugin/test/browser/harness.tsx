import { createTheme } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { MEASURE_NAMES } from '@sieve/scoring';
import { DETECTORS, DEFAULT_DETECTOR } from '@sieve/scoring';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigEditor } from '../../src/components/ConfigEditor.tsx';
import { QueryEditor } from '../../src/components/QueryEditor.tsx';
import type { SieveSettings } from '../../src/configModel.ts';
import { DEFAULT_ANOMALY, DEFAULT_DRIFT } from '../../src/queryDefaults.ts';
import type { SieveQuery } from '../../src/types.ts';
import { fakeBackend, fakeTemplateSrv, sieveDataSource } from '../frontend/fakeGrafana.ts';

/**
 * The page the browser test opens: the real editors with the real @grafana/ui theme, hosted as
 * Grafana hosts them (state owned outside, onChange re-renders). The datasource is the real one;
 * its HTTP client answers the backend resources from fixed lists.
 */
fakeBackend({
  features: { status: 200, body: ['age', 'income', 'region', 'tenure_days'] },
  measures: { status: 200, body: MEASURE_NAMES.map((name) => ({ name, default: name === 'psi' })) },
  detectors: {
    status: 200,
    body: Object.entries(DETECTORS).map(([name, spec]) => ({ name, default: name === DEFAULT_DETECTOR, ...spec })),
  },
});
const datasource = sieveDataSource(fakeTemplateSrv({ feature: ['age', 'income'], window: '1h' }));

function Editor({ id, initial }: { id: string; initial: SieveQuery }) {
  const [query, setQuery] = useState(initial);
  const [runs, setRuns] = useState(0);
  return (
    <section data-testid={id} style={{ padding: 16, width: 900 }}>
      <QueryEditor datasource={datasource} query={query} onChange={setQuery} onRunQuery={() => setRuns(runs + 1)} />
      <pre data-testid={`${id}-model`} style={{ display: 'none' }}>
        {JSON.stringify({ query, runs })}
      </pre>
    </section>
  );
}

const SETTINGS = {
  id: 1,
  uid: 'sieve',
  orgId: 1,
  name: 'Sieve',
  type: 'sieve-datamining-datasource',
  typeName: 'Sieve',
  typeLogoUrl: '',
  access: 'proxy',
  url: 'http://prometheus:9090',
  user: '',
  database: '',
  basicAuth: false,
  basicAuthUser: '',
  isDefault: false,
  withCredentials: false,
  readOnly: false,
  jsonData: { timeoutSeconds: 30, httpHeaderName1: 'X-Scope-OrgID' },
  secureJsonFields: { bearerToken: true, httpHeaderValue1: true },
} as SieveSettings;

function Config() {
  const [options, setOptions] = useState(SETTINGS);
  return (
    <section data-testid="config" style={{ padding: 16, width: 900 }}>
      <ConfigEditor options={options} onOptionsChange={(o) => setOptions(o as SieveSettings)} />
      <pre data-testid="config-model" style={{ display: 'none' }}>
        {JSON.stringify(options)}
      </pre>
    </section>
  );
}

function Harness() {
  return (
    <ThemeContext.Provider value={createTheme({ colors: { mode: 'dark' } })}>
      <GlobalStyles />
      <Editor id="drift" initial={{ ...DEFAULT_DRIFT, refId: 'A' }} />
      <Editor id="anomaly" initial={{ ...DEFAULT_ANOMALY, refId: 'B' }} />
      <Config />
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<Harness />);
