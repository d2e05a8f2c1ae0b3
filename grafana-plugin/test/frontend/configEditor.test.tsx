import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { parseSettings } from '../../backend/src/datasource/settings.ts';
import type { InstanceSettings } from '../../backend/src/sdk/index.ts';
import { ConfigEditor } from '../../src/components/ConfigEditor.tsx';
import type { SieveSettings } from '../../src/configModel.ts';

function blank(patch: Partial<SieveSettings> = {}): SieveSettings {
  return {
    id: 1,
    uid: 'sieve',
    orgId: 1,
    name: 'Sieve',
    type: 'sieve-datamining-datasource',
    typeName: 'Sieve',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: {},
    secureJsonFields: {},
    ...patch,
  } as SieveSettings;
}

/** What Grafana stores and later hands the backend: typed secrets become decrypted secure values. */
function asBackendSees(s: SieveSettings, stored: Record<string, string> = {}): InstanceSettings {
  const secure: Record<string, string> = { ...stored };
  for (const [k, v] of Object.entries(s.secureJsonData ?? {})) {
    if (v === '') delete secure[k];
    else if (v !== undefined) secure[k] = v;
  }
  return {
    uid: s.uid,
    name: s.name,
    url: s.url,
    basicAuthEnabled: s.basicAuth,
    basicAuthUser: s.basicAuthUser,
    jsonData: JSON.parse(JSON.stringify(s.jsonData)),
    decryptedSecureJsonData: secure,
    lastUpdatedMs: 0,
  };
}

function setup(initial: SieveSettings) {
  const saved: SieveSettings[] = [];
  function Host() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(o) => {
          saved.push(o as SieveSettings);
          setOptions(o as SieveSettings);
        }}
      />
    );
  }
  render(<Host />);
  return { user: userEvent.setup(), last: () => saved[saved.length - 1] as SieveSettings };
}

describe('ConfigEditor', () => {
  it('writes exactly the keys settings.ts reads: its output passes parseSettings', async () => {
    const { user, last } = setup(blank());
    expect(
      screen.getByText(
        'datasource settings: field "url": the Prometheus URL is empty; set it in the datasource settings'
      )
    ).toBeInTheDocument();
    await user.type(screen.getByLabelText('Prometheus URL'), 'http://mimir:8080/prometheus');
    await user.type(screen.getByLabelText('Timeout in seconds'), '45');
    await user.type(screen.getByLabelText('Scrape interval'), '30s');
    await user.click(screen.getByRole('radio', { name: 'Bearer token' }));
    await user.type(screen.getByLabelText('Token'), 'tok-123');
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 1 name'), 'X-Scope-OrgID');
    await user.type(screen.getByLabelText('Header 1 value'), 'tenant-7');
    expect(screen.queryByText(/datasource settings:/)).toBeNull();

    const parsed = parseSettings(asBackendSees(last()));
    expect(parsed).toEqual({
      baseUrl: 'http://mimir:8080/prometheus',
      headers: { 'X-Scope-OrgID': 'tenant-7', Authorization: 'Bearer tok-123' },
      timeoutMs: 45_000,
      scrapeIntervalMs: 30_000,
      compression: 'gzip',
      tls: { skipVerify: false },
      secrets: ['tenant-7', 'tok-123'],
    });
  });

  it("TLS: Grafana's switches and secure PEM fields, as parseSettings reads them", async () => {
    const { user, last } = setup(blank({ url: 'https://prom.internal:9090' }));
    expect(screen.queryByLabelText('CA cert')).toBeNull();
    await user.click(screen.getByLabelText('With CA cert'));
    expect(
      screen.getByText(
        'datasource settings: field "secureJsonData.tlsCACert": tlsAuthWithCACert is on but no CA certificate (PEM) is set'
      )
    ).toBeInTheDocument();
    await user.click(screen.getByLabelText('CA cert'));
    await user.paste('-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----');
    await user.click(screen.getByLabelText('TLS client auth'));
    await user.click(screen.getByLabelText('Client cert'));
    await user.paste('CERT-PEM');
    await user.click(screen.getByLabelText('Client key'));
    await user.paste('KEY-PEM');
    await user.type(screen.getByLabelText('Server name'), 'prom.internal');
    expect(screen.queryByText(/datasource settings:/)).toBeNull();
    expect(last().jsonData).toMatchObject({ tlsAuthWithCACert: true, tlsAuth: true, serverName: 'prom.internal' });
    expect(parseSettings(asBackendSees(last())).tls).toEqual({
      skipVerify: false,
      caCert: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----',
      clientCert: 'CERT-PEM',
      clientKey: 'KEY-PEM',
      serverName: 'prom.internal',
    });
    await user.click(screen.getByLabelText('Skip TLS verify'));
    expect(parseSettings(asBackendSees(last())).tls.skipVerify).toBe(true);
  });

  it('TLS: stored PEMs show as configured, never their text, and reset', async () => {
    const { user, last } = setup(
      blank({
        url: 'https://prom.internal:9090',
        jsonData: { tlsAuth: true, tlsAuthWithCACert: true },
        secureJsonFields: { tlsCACert: true, tlsClientCert: true, tlsClientKey: true },
      })
    );
    for (const label of ['CA cert', 'Client cert', 'Client key']) {
      expect(screen.getByLabelText(label)).toHaveValue('configured');
      expect(screen.getByLabelText(label)).toBeDisabled();
    }
    expect(screen.queryByText(/datasource settings:/)).toBeNull();
    const resets = screen.getAllByRole('button', { name: 'Reset' });
    await user.click(resets[2] as HTMLElement);
    expect(last().secureJsonFields.tlsClientKey).toBe(false);
    expect(last().secureJsonData?.tlsClientKey).toBe('');
    expect(
      screen.getByText(
        'datasource settings: field "secureJsonData.tlsClientKey": tlsAuth is on but no client key (PEM) is set'
      )
    ).toBeInTheDocument();
  });

  it('basic auth: user and secure password, as parseSettings reads them', async () => {
    const { user, last } = setup(blank({ url: 'http://prom:9090' }));
    await user.click(screen.getByRole('radio', { name: 'Basic auth' }));
    expect(
      screen.getByText('datasource settings: field "basicAuthUser": basic auth is enabled but the user is empty')
    ).toBeInTheDocument();
    await user.type(screen.getByLabelText('Basic auth user'), 'ann');
    await user.type(screen.getByLabelText('Basic auth password'), 'pw');
    expect(parseSettings(asBackendSees(last())).headers).toEqual({ Authorization: `Basic ${btoa('ann:pw')}` });
  });

  it('shows stored secrets as configured, never their value, and resets them', async () => {
    const stored = { bearerToken: 'stored-token-xyz', httpHeaderValue1: 'stored-tenant' };
    const { user, last } = setup(
      blank({
        url: 'http://prom:9090',
        jsonData: { httpHeaderName1: 'X-Scope-OrgID', timeoutSeconds: 10 },
        secureJsonFields: { bearerToken: true, httpHeaderValue1: true },
      })
    );
    const token = screen.getByLabelText('Token');
    expect(token).toHaveValue('configured');
    expect(token).toBeDisabled();
    expect(screen.getByLabelText('Header 1 value')).toHaveValue('configured');
    expect(document.body.innerHTML).not.toContain('stored-');
    expect(screen.queryByText(/datasource settings:/)).toBeNull();

    const [resetToken] = screen.getAllByRole('button', { name: 'Reset' });
    await user.click(resetToken as HTMLElement);
    expect(last().secureJsonFields.bearerToken).toBe(false);
    expect(last().secureJsonData?.bearerToken).toBe('');
    expect(screen.getByLabelText('Token')).toHaveValue('');
    // Grafana drops the reset secret; the header value stays stored.
    expect(parseSettings(asBackendSees(last(), { httpHeaderValue1: stored.httpHeaderValue1 })).headers).toEqual({
      'X-Scope-OrgID': 'stored-tenant',
    });
  });

  it('a typed secret is a password field', async () => {
    const { user } = setup(blank({ url: 'http://prom:9090' }));
    await user.click(screen.getByRole('radio', { name: 'Bearer token' }));
    const token = screen.getByLabelText('Token');
    expect(token).toHaveAttribute('type', 'password');
  });

  it('refuses basic auth and a bearer token together, as the backend does, by resetting the other', async () => {
    const { user, last } = setup(blank({ url: 'http://prom:9090', secureJsonFields: { bearerToken: true } }));
    await user.click(screen.getByRole('radio', { name: 'Basic auth' }));
    expect(last().basicAuth).toBe(true);
    expect(last().secureJsonFields.bearerToken).toBe(false);
    expect(last().secureJsonData?.bearerToken).toBe('');
  });

  it('removing a header renumbers the rest, which must be retyped (secrets never come back)', async () => {
    const { user, last } = setup(
      blank({
        url: 'http://prom:9090',
        jsonData: { httpHeaderName1: 'A', httpHeaderName2: 'B' },
        secureJsonFields: { httpHeaderValue1: true, httpHeaderValue2: true },
      })
    );
    await user.click(screen.getByRole('button', { name: 'Remove header 1' }));
    expect(last().jsonData).toEqual({ httpHeaderName1: 'B' });
    expect(last().secureJsonFields).toEqual({ httpHeaderValue1: false, httpHeaderValue2: false });
    expect(screen.getByLabelText('Header 1 value')).toHaveValue('');
  });

  it('scrape interval: stored as jsonData.timeInterval, a bad duration named beside the field, cleared = default', async () => {
    const { user, last } = setup(blank({ url: 'http://prom:9090', jsonData: { timeInterval: '1m' } }));
    const field = screen.getByLabelText('Scrape interval');
    expect(field).toHaveValue('1m');
    expect(field).toHaveAttribute('placeholder', '15s');
    await user.clear(field);
    await user.type(field, '15');
    expect(last().jsonData.timeInterval).toBe('15');
    expect(
      screen.getByText(
        'datasource settings: field "jsonData.timeInterval": not a positive Prometheus duration (e.g. 15s, 1m, 1m30s)'
      )
    ).toBeInTheDocument();
    await user.type(field, 's');
    expect(screen.queryByText(/datasource settings:/)).toBeNull();
    expect(parseSettings(asBackendSees(last())).scrapeIntervalMs).toBe(15_000);
    await user.type(field, '{Backspace}{Backspace}{Backspace}1m30s');
    expect(parseSettings(asBackendSees(last())).scrapeIntervalMs).toBe(90_000);
    await user.clear(field);
    expect(last().jsonData).not.toHaveProperty('timeInterval', expect.anything());
    expect(parseSettings(asBackendSees(last())).scrapeIntervalMs).toBe(15_000);
  });

  it('compression: gzip unless set, none stored as jsonData.compression, with when to choose none', async () => {
    const { user, last } = setup(blank({ url: 'http://prom:9090' }));
    expect(screen.getByRole('radio', { name: 'gzip' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'none' }));
    expect(last().jsonData.compression).toBe('none');
    expect(screen.getByRole('radio', { name: 'none' })).toBeChecked();
    expect(parseSettings(asBackendSees(last())).compression).toBe('none');
    await user.click(screen.getByRole('radio', { name: 'gzip' }));
    expect(parseSettings(asBackendSees(last())).compression).toBe('gzip');

    // The option's description (shown on hover) says when to choose it.
    expect(screen.getByText('none').closest('label')).toHaveAttribute(
      'title',
      expect.stringMatching(/for a Prometheus on the same host or network/)
    );
  });

  it('compression: a value settings.ts refuses (e.g. from provisioning) is named beside the field', () => {
    setup(blank({ url: 'http://prom:9090', jsonData: { compression: 'br' as 'gzip' } }));
    expect(
      screen.getByText('datasource settings: field "jsonData.compression": expected "gzip" or "none"')
    ).toBeInTheDocument();
  });

  it('shows the backend message for a bad timeout and a bad header name beside the field', async () => {
    const { user } = setup(blank({ url: 'http://prom:9090' }));
    await user.type(screen.getByLabelText('Timeout in seconds'), '900');
    expect(
      screen.getByText('datasource settings: field "jsonData.timeoutSeconds": must be at most 600')
    ).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Timeout in seconds'));
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 1 name'), 'Bad Header');
    expect(
      screen.getByText('datasource settings: field "jsonData.httpHeaderName1": not a valid HTTP header name')
    ).toBeInTheDocument();
  });
});
