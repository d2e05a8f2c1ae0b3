import type { InstanceSettings } from '../../backend/src/sdk/index.ts';
import { parseSettings } from '../../backend/src/datasource/settings.ts';
import { instanceSettings } from './handlerRequests.ts';
import { validationMessage } from './validationMessage.ts';

function instance(extra: Partial<InstanceSettings> = {}): InstanceSettings {
  return instanceSettings('http://mimir:8080/prometheus/', extra);
}

const messageOf = (settings: InstanceSettings) => validationMessage(() => parseSettings(settings));

describe('parseSettings', () => {
  it('keeps a path prefix (Mimir, Thanos behind a proxy) and defaults the timeout to 30 s, the scrape interval to 15 s, compression to gzip', () => {
    expect(parseSettings(instance())).toEqual({
      baseUrl: 'http://mimir:8080/prometheus',
      headers: {},
      timeoutMs: 30_000,
      scrapeIntervalMs: 15_000,
      compression: 'gzip',
      tls: { skipVerify: false },
      secrets: [],
    });
  });

  it("reads Grafana's TLS keys as the SDK does: PEMs and serverName only behind their switches", () => {
    const pem = { tlsCACert: 'CA-PEM', tlsClientCert: 'CERT-PEM', tlsClientKey: 'KEY-PEM' };
    const tls = (jsonData: Record<string, unknown>) =>
      parseSettings(instance({ jsonData, decryptedSecureJsonData: pem })).tls;
    expect(tls({ tlsSkipVerify: true, serverName: 'prom.internal' })).toEqual({ skipVerify: true });
    expect(tls({ tlsAuthWithCACert: true, serverName: ' prom.internal ' })).toEqual({
      skipVerify: false,
      caCert: 'CA-PEM',
      serverName: 'prom.internal',
    });
    expect(tls({ tlsAuth: true })).toEqual({ skipVerify: false, clientCert: 'CERT-PEM', clientKey: 'KEY-PEM' });
    // The client key and the CA are masked in every message.
    const s = parseSettings(
      instance({ jsonData: { tlsAuth: true, tlsAuthWithCACert: true }, decryptedSecureJsonData: pem })
    );
    expect(s.secrets).toEqual(expect.arrayContaining(['KEY-PEM', 'CA-PEM']));
  });

  it('refuses a TLS switch without its PEM, and non-boolean switches, naming the field', () => {
    const msg = (jsonData: Record<string, unknown>, secure: Record<string, string> = {}) =>
      messageOf(instance({ jsonData, decryptedSecureJsonData: secure }));
    expect(msg({ tlsAuthWithCACert: true })).toBe(
      'datasource settings: field "secureJsonData.tlsCACert": tlsAuthWithCACert is on but no CA certificate (PEM) is set'
    );
    expect(msg({ tlsAuth: true }, { tlsClientCert: 'CERT' })).toBe(
      'datasource settings: field "secureJsonData.tlsClientKey": tlsAuth is on but no client key (PEM) is set'
    );
    expect(msg({ tlsAuth: true }, { tlsClientKey: 'KEY' })).toMatch(/field "secureJsonData\.tlsClientCert"/);
    expect(msg({ tlsSkipVerify: 'yes' })).toBe(
      'datasource settings: field "jsonData.tlsSkipVerify": expected true or false'
    );
    expect(msg({ tlsAuthWithCACert: true, serverName: 'not a host' }, { tlsCACert: 'CA' })).toMatch(
      /field "jsonData\.serverName": not a host name/
    );
  });

  it('reads the scrape interval (jsonData.timeInterval) as a Prometheus duration; empty means the default', () => {
    const scrape = (timeInterval: unknown) => parseSettings(instance({ jsonData: { timeInterval } })).scrapeIntervalMs;
    expect(scrape('30s')).toBe(30_000);
    expect(scrape('1m30s')).toBe(90_000);
    expect(scrape(' 500ms ')).toBe(500);
    expect(scrape('')).toBe(15_000);
    expect(scrape(undefined)).toBe(15_000);
  });

  it('refuses a scrape interval that is not a positive Prometheus duration, naming the field', () => {
    for (const bad of ['15', 'fast', '0s', '-15s', '1.5m', 15]) {
      expect(messageOf(instance({ jsonData: { timeInterval: bad } }))).toMatch(
        /^datasource settings: field "jsonData\.timeInterval": /
      );
    }
    expect(messageOf(instance({ jsonData: { timeInterval: '15' } }))).toBe(
      'datasource settings: field "jsonData.timeInterval": not a positive Prometheus duration (e.g. 15s, 1m, 1m30s)'
    );
  });

  it('reads jsonData.compression: gzip or none, and names the field otherwise', () => {
    const compression = (value: unknown) => parseSettings(instance({ jsonData: { compression: value } })).compression;
    expect(compression('gzip')).toBe('gzip');
    expect(compression('none')).toBe('none');
    expect(compression(undefined)).toBe('gzip');
    // The Accept-Encoding header itself is added per request (compression.ts), not to the configured headers.
    expect(parseSettings(instance({ jsonData: { compression: 'none' } })).headers).toEqual({});
    for (const bad of ['identity', 'GZIP', '', true]) {
      expect(messageOf(instance({ jsonData: { compression: bad } }))).toBe(
        'datasource settings: field "jsonData.compression": expected "gzip" or "none"'
      );
    }
  });

  it('builds basic auth from the user and the secure password', () => {
    const s = parseSettings(
      instance({
        basicAuthEnabled: true,
        basicAuthUser: 'ann',
        decryptedSecureJsonData: { basicAuthPassword: 'pw-123' },
      })
    );
    expect(s.headers.Authorization).toBe(`Basic ${Buffer.from('ann:pw-123').toString('base64')}`);
    expect(s.secrets).toEqual(['pw-123', Buffer.from('ann:pw-123').toString('base64')]);
  });

  it('moves credentials out of the URL into basic auth', () => {
    const s = parseSettings(instance({ url: 'https://ann:s%40cret@prom.example/' }));
    expect(s.baseUrl).toBe('https://prom.example');
    expect(s.headers.Authorization).toBe(`Basic ${Buffer.from('ann:s@cret').toString('base64')}`);
    expect(s.secrets).toContain('s@cret');
  });

  it('sends a bearer token, custom headers and the configured timeout', () => {
    const s = parseSettings(
      instance({
        jsonData: { httpHeaderName1: 'X-Scope-OrgID', httpHeaderName2: 'X-Extra', timeoutSeconds: '5' },
        decryptedSecureJsonData: { bearerToken: 'tok-abc', httpHeaderValue1: 'tenant-1', httpHeaderValue2: 'v2' },
      })
    );
    expect(s.headers).toEqual({ 'X-Scope-OrgID': 'tenant-1', 'X-Extra': 'v2', Authorization: 'Bearer tok-abc' });
    expect(s.timeoutMs).toBe(5000);
    // 'v2' is too short to protect anything by masking (scrubSecrets.ts MIN_SECRET_CHARS).
    expect(s.secrets).toEqual(['tenant-1', 'tok-abc']);
  });

  it('names the invalid field and never echoes a secret', () => {
    const secret = 'hunter2-secret';
    const cases: Array<[InstanceSettings, RegExp]> = [
      [instance({ url: '' }), /field "url": the Prometheus URL is empty/],
      [instance({ url: `ftp://u:${secret}@x` }), /field "url": must start with http/],
      [instance({ url: `http://u:${secret}@x/?a=1` }), /field "url": must not have a query string/],
      [instance({ url: `not a url ${secret}` }), /field "url": not a valid URL/],
      [instance({ jsonData: { timeoutSeconds: -1 } }), /field "jsonData.timeoutSeconds": must be positive/],
      [instance({ jsonData: ['not', 'an', 'object'] }), /field "jsonData": /],
      [instance({ jsonData: { httpHeaderName1: 'Bad Header' } }), /field "jsonData.httpHeaderName1"/],
      [
        instance({
          jsonData: { httpHeaderName1: 'X-A' },
          decryptedSecureJsonData: { httpHeaderValue1: `${secret}\r\nX: y` },
        }),
        /field "secureJsonData.httpHeaderValue1": must not contain line breaks/,
      ],
      [
        instance({
          basicAuthEnabled: true,
          basicAuthUser: 'ann',
          decryptedSecureJsonData: { basicAuthPassword: secret, bearerToken: secret },
        }),
        /either basic auth or a bearer token/,
      ],
    ];
    for (const [settings, expected] of cases) {
      const message = messageOf(settings);
      expect(message).toMatch(/^datasource settings: field "/);
      expect(message).toMatch(expected);
      expect(message).not.toContain(secret);
    }
    expect(messageOf(undefined as unknown as InstanceSettings)).toMatch(/field "instanceSettings"/);
  });
});
