import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, launchPlugin } from '../harness/index.ts';
import { redact } from '../../backend/src/protocol/redaction.ts';
import { REDACTED } from '../../backend/src/sdk/scrubSecrets.ts';
import type { InstanceSettings } from '../../backend/src/sdk/index.ts';
import { createDatasource } from '../../backend/src/datasource/index.ts';
import { dataQuery, instanceSettings, requestContext } from '../datasource/handlerRequests.ts';
import { type ForwardProxy, startForwardProxy } from '../upstream/forwardProxy.ts';
import { createTestPki, type TestPki } from './testCertificates.ts';
import { type HttpsUpstream, startHttpsUpstream } from './httpsUpstream.ts';

/**
 * TLS to an HTTPS upstream signed by a private CA, over real TLS on loopback: the default fails
 * with an error that says TLS and what to set; each of Grafana's TLS settings, and the host's CA
 * variables, make it work.
 */
describe('TLS to an HTTPS upstream with a private CA', () => {
  let pki: TestPki;
  let plain: HttpsUpstream;
  let mtls: HttpsUpstream;
  let mtls12: HttpsUpstream;
  let other: HttpsUpstream;
  let proxy: ForwardProxy;
  const ds = createDatasource();
  const now = Date.now();
  const query = dataQuery('anomaly', { expr: 'up' }, { fromMs: now - 3_600_000, toMs: now });
  const saved = { ...process.env };

  const settings = (port: number, extra: Partial<InstanceSettings> = {}) =>
    instanceSettings(`https://127.0.0.1:${port}`, { jsonData: { timeoutSeconds: 5 }, ...extra });
  const run = (s: InstanceSettings) => ds.queryData(requestContext(s), query);
  const ok = { frames: [], status: 200 };

  beforeAll(async () => {
    pki = createTestPki();
    [plain, mtls, mtls12, other, proxy] = await Promise.all([
      startHttpsUpstream(pki.server),
      startHttpsUpstream({ ...pki.server, clientCa: pki.caPem }),
      startHttpsUpstream({ ...pki.server, clientCa: pki.caPem, maxVersion: 'TLSv1.2' }),
      startHttpsUpstream(pki.otherServer),
      startForwardProxy(),
    ]);
  });

  afterEach(() => {
    for (const key of ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  afterAll(async () => {
    await Promise.all([plain?.close(), mtls?.close(), mtls12?.close(), other?.close(), proxy?.close()]);
    pki?.remove();
  });

  it('by default refuses the certificate with a TLS error that says what to set, not "unreachable"', async () => {
    const r = await run(settings(plain.port));
    expect(r).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect('error' in r && r.error).toMatch(
      /TLS: the server's certificate is not trusted by the Grafana host's CAs \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\); .*jsonData\.tlsAuthWithCACert.*secureJsonData\.tlsCACert.*jsonData\.tlsSkipVerify/
    );
    const health = await ds.checkHealth({ ...requestContext(settings(plain.port)) });
    expect(health).toMatchObject({ status: 'ERROR', details: { failure: 'tls' } });
    expect(health.message).toMatch(/cannot be reached over TLS: .*not trusted/);
    expect(health.message).not.toMatch(/unreachable/);
  });

  it('trusts the CA in tlsCACert with tlsAuthWithCACert, and only that CA', async () => {
    const withCa = (pem: string) =>
      settings(plain.port, {
        jsonData: { timeoutSeconds: 5, tlsAuthWithCACert: true },
        decryptedSecureJsonData: { tlsCACert: pem },
      });
    expect(await run(withCa(pki.caPem))).toEqual(ok);
    const stranger = await run(withCa(pki.strangerCaPem));
    expect('error' in stranger && stranger.error).toMatch(/not trusted by the CA in secureJsonData\.tlsCACert/);
    // The CA PEM is configuration; it never comes back in a message.
    expect(JSON.stringify(stranger)).not.toContain(pki.strangerCaPem.split('\n')[1]);
  });

  it('accepts any certificate with tlsSkipVerify', async () => {
    expect(await run(settings(plain.port, { jsonData: { timeoutSeconds: 5, tlsSkipVerify: true } }))).toEqual(ok);
  });

  it('says when the certificate names another host, and serverName fixes it', async () => {
    const caOnly = { tlsAuthWithCACert: true, timeoutSeconds: 5 };
    const secure = { decryptedSecureJsonData: { tlsCACert: pki.caPem } };
    const mismatch = await run(settings(other.port, { jsonData: caOnly, ...secure }));
    expect('error' in mismatch && mismatch.error).toMatch(
      /not valid for this host name \(ERR_TLS_CERT_ALTNAME_INVALID.*\); .*jsonData\.serverName/
    );
    expect(
      await run(settings(other.port, { jsonData: { ...caOnly, serverName: 'other.internal' }, ...secure }))
    ).toEqual(ok);
  });

  it('sends the client certificate a server requires (tlsAuth), and says when it is missing', async () => {
    const jsonData = { timeoutSeconds: 5, tlsAuthWithCACert: true };
    const caOnly = { jsonData, decryptedSecureJsonData: { tlsCACert: pki.caPem } };
    // TLS 1.2: the server's alert ends the handshake, and its code reaches the message.
    const without12 = await run(settings(mtls12.port, caOnly));
    expect(without12).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect('error' in without12 && without12.error).toMatch(
      /TLS: the server refused the TLS handshake \(ERR_SSL_[\w/]+HANDSHAKE_FAILURE\); if it requires a client certificate, set jsonData\.tlsAuth with secureJsonData\.tlsClientCert and tlsClientKey/
    );
    // TLS 1.3: the alert comes after the handshake; what reaches the plugin is the close.
    const without13 = await run(settings(mtls.port, caOnly));
    expect('error' in without13 && without13.error).toMatch(
      /TLS: the server closed the connection without answering \(UND_ERR_SOCKET\); if it requires a client certificate, set jsonData\.tlsAuth/
    );
    const withCert = await run(
      settings(mtls.port, {
        jsonData: { ...jsonData, tlsAuth: true },
        decryptedSecureJsonData: { tlsCACert: pki.caPem, tlsClientCert: pki.client.cert, tlsClientKey: pki.client.key },
      })
    );
    expect(withCert).toEqual(ok);
    expect(mtls.clients.at(-1)).toBe('grafana');
    // A certificate from a CA the server does not trust gets no answer (Node's server resets
    // rather than sending an alert, so the message cannot say more than that).
    const strangerClient = await run(
      settings(mtls12.port, {
        jsonData: { ...jsonData, tlsAuth: true },
        decryptedSecureJsonData: {
          tlsCACert: pki.caPem,
          tlsClientCert: pki.strangerClient.cert,
          tlsClientKey: pki.strangerClient.key,
        },
      })
    );
    expect(strangerClient).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(mtls12.clients).not.toContain('intruder');
  });

  it('refuses unusable PEM naming the field, without quoting it', async () => {
    const keyBody = pki.client.key.split('\n')[1] as string;
    const cases: Array<[Record<string, unknown>, Record<string, string>, RegExp]> = [
      [
        { tlsAuthWithCACert: true },
        { tlsCACert: 'not a pem' },
        /field "secureJsonData\.tlsCACert": no CA certificate found/,
      ],
      [
        { tlsAuthWithCACert: true },
        { tlsCACert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' },
        /field "secureJsonData\.tlsCACert": PEM block 1 is not a valid X\.509 certificate/,
      ],
      [
        { tlsAuth: true },
        { tlsClientCert: pki.client.cert, tlsClientKey: keyBody },
        /field "secureJsonData\.tlsClientKey": not a usable PEM private key/,
      ],
      [
        { tlsAuth: true },
        { tlsClientCert: pki.client.cert, tlsClientKey: pki.server.key },
        /field "secureJsonData\.tlsClientKey": this key does not belong to the certificate in tlsClientCert/,
      ],
    ];
    for (const [jsonData, secure, message] of cases) {
      const s = settings(plain.port, { jsonData, decryptedSecureJsonData: secure });
      const r = await run(s);
      expect(r).toMatchObject({ status: 400, errorSource: 'plugin' });
      expect('error' in r && r.error).toMatch(message);
      const health = await ds.checkHealth(requestContext(s));
      expect(health).toMatchObject({ status: 'ERROR', details: { failure: 'settings' } });
      expect(health.message).toMatch(message);
      for (const text of [JSON.stringify(r), health.message]) {
        expect(text).not.toContain(keyBody);
        expect(text).not.toContain(pki.server.key.split('\n')[1]);
      }
    }
  });

  it('trusts CAs from SSL_CERT_FILE and from every file in SSL_CERT_DIR, as Go plugins do', async () => {
    process.env.SSL_CERT_FILE = pki.caFile;
    expect(await run(settings(plain.port))).toEqual(ok);
    delete process.env.SSL_CERT_FILE;
    const dir = mkdtempSync(join(tmpdir(), 'sieve-certdir-'));
    try {
      writeFileSync(join(dir, 'corporate-root.crt'), pki.caPem);
      process.env.SSL_CERT_DIR = `/nonexistent:${dir}`;
      expect(await run(settings(plain.port))).toEqual(ok);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps TLS settings through an HTTPS_PROXY tunnel (CONNECT)', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    const target = instanceSettings(`https://prom.sieve.test:${mtls.port}`, {
      jsonData: { timeoutSeconds: 5, tlsAuthWithCACert: true, tlsAuth: true },
      decryptedSecureJsonData: { tlsCACert: pki.caPem, tlsClientCert: pki.client.cert, tlsClientKey: pki.client.key },
    });
    expect(await run(target)).toEqual(ok);
    expect(proxy.seen.at(-1)).toMatchObject({ method: 'CONNECT', target: `prom.sieve.test:${mtls.port}` });
  });
});

describe('TLS secrets in logs', () => {
  it('masks the client key and the CA by name, wherever a logged value carries them', () => {
    const logged = redact({
      tls: { skipVerify: false, caCert: 'CA-PEM', clientCert: 'CERT-PEM', clientKey: 'KEY-PEM' },
      jsonData: { tlsCACert: 'CA-PEM', tlsClientKey: 'KEY-PEM', private_key: 'KEY-PEM', serverName: 'prom' },
    });
    expect(logged).toEqual({
      tls: { skipVerify: false, caCert: REDACTED, clientCert: 'CERT-PEM', clientKey: REDACTED },
      jsonData: { tlsCACert: REDACTED, tlsClientKey: REDACTED, private_key: REDACTED, serverName: 'prom' },
    });
  });
});

describe('TLS in the plugin executable, launched as Grafana launches it', () => {
  let pki: TestPki;
  let upstream: HttpsUpstream;
  const now = Date.now();
  const queries = [
    { refId: 'A', queryType: 'anomaly', json: { expr: 'up' }, timeRange: { fromMs: now - 3_600_000, toMs: now } },
  ];

  beforeAll(async () => {
    pki = createTestPki();
    [upstream] = await Promise.all([startHttpsUpstream(pki.server), ensureBuilt()]);
  }, 300_000);

  afterAll(async () => {
    await upstream?.close();
    pki?.remove();
  });

  it('honours SSL_CERT_FILE, ignores NODE_EXTRA_CA_CERTS, and takes the CA from secureJsonData', async () => {
    const url = `https://127.0.0.1:${upstream.port}`;
    // NODE_EXTRA_CA_CERTS is one of the NODE_* variables the executable drops (nodeEnvironment.ts).
    const ignored = await launchPlugin({ env: { NODE_EXTRA_CA_CERTS: pki.caFile } });
    try {
      const health = await ignored.checkHealth({ url, jsonData: { timeoutSeconds: 5 } });
      expect(health).toMatchObject({ status: 'ERROR', details: { failure: 'tls' } });
      expect(health.message).toMatch(/certificate is not trusted .*jsonData\.tlsAuthWithCACert/);
      const withCa = await ignored.queryData(queries, {
        settings: {
          url,
          jsonData: { timeoutSeconds: 5, tlsAuthWithCACert: true },
          secureJsonData: { tlsCACert: pki.caPem },
        },
      });
      expect(withCa.A).toMatchObject({ status: 200, error: '' });
      expect(ignored.stderrLines().join('\n')).not.toContain(pki.caPem.split('\n')[1]);
    } finally {
      await ignored.shutdown();
    }
    const plugin = await launchPlugin({ env: { SSL_CERT_FILE: pki.caFile } });
    try {
      const res = await plugin.queryData(queries, { settings: { url, jsonData: { timeoutSeconds: 5 } } });
      expect(res.A).toMatchObject({ status: 200, error: '' });
    } finally {
      await plugin.shutdown();
    }
  });
});
