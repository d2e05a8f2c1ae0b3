import { createHash, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { ValidationError } from './errors.ts';
import { hostCaCertificates, pemCertificates } from './hostCaCertificates.ts';
import type { TlsSettings } from './settings.ts';

/**
 * The TLS side of an upstream connection, one per distinct setting: one SecureContext (parsing
 * hundreds of host CAs per connection would cost milliseconds each), whether to verify, and the
 * server name. Invalid PEM fails in `tlsConnection` with a ValidationError naming the field and
 * never quoting the PEM; the context itself is built on first https use (loading the host's CAs
 * takes tens of milliseconds, wasted on an http:// upstream).
 */
export interface TlsConnection {
  /** Distinguishes connections with different TLS settings (a digest: no PEM text in map keys or logs). */
  readonly id: string;
  /** undici `connect` / `requestTls` options, passed through to `tls.connect`. */
  connectOptions(): TlsConnectOptions;
}

export interface TlsConnectOptions {
  secureContext: SecureContext;
  rejectUnauthorized: boolean;
  servername?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const connections = new Map<string, TlsConnection>();
const hostCas = new Map<string, string[]>();
/** Settings change rarely; the bound only keeps edited datasources from piling up. */
const MAX_CACHED = 64;

export function tlsConnection(tls: TlsSettings, env: Env = process.env): TlsConnection {
  const hostKey = JSON.stringify([env.SSL_CERT_FILE ?? '', env.SSL_CERT_DIR ?? '']);
  const id = createHash('sha256')
    .update(JSON.stringify([tls.skipVerify, tls.caCert, tls.clientCert, tls.clientKey, tls.serverName, hostKey]))
    .digest('hex')
    .slice(0, 32);
  const cached = connections.get(id);
  if (cached) return cached;

  // Validated now, so that a bad PEM is a settings error before any request.
  const ca = tls.caCert ? certificates('secureJsonData.tlsCACert', tls.caCert, 'CA certificate') : undefined;
  let identity: { cert: string; key: string } | undefined;
  if (tls.clientCert && tls.clientKey) {
    const chain = certificates('secureJsonData.tlsClientCert', tls.clientCert, 'client certificate');
    const key = privateKey(tls.clientKey);
    if (!new X509Certificate(chain[0] as string).checkPrivateKey(key)) {
      fail('secureJsonData.tlsClientKey', 'this key does not belong to the certificate in tlsClientCert');
    }
    identity = { cert: chain.join(''), key: tls.clientKey };
  }
  let options: TlsConnectOptions | undefined;
  const connection: TlsConnection = {
    id,
    connectOptions() {
      if (options) return options;
      let secureContext: SecureContext;
      try {
        secureContext = createSecureContext({ ca: ca ?? hostTrust(hostKey, env), ...identity });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        fail(
          tls.clientCert ? 'secureJsonData.tlsClientCert' : 'secureJsonData.tlsCACert',
          `unusable (${String(code)})`
        );
      }
      options = {
        secureContext,
        rejectUnauthorized: !tls.skipVerify,
        ...(tls.serverName ? { servername: tls.serverName } : {}),
      };
      return options;
    },
  };
  if (connections.size >= MAX_CACHED) connections.delete(connections.keys().next().value as string);
  connections.set(id, connection);
  return connection;
}

function hostTrust(key: string, env: Env): string[] {
  let cas = hostCas.get(key);
  if (!cas) {
    cas = hostCaCertificates(env);
    hostCas.set(key, cas);
  }
  return cas;
}

function fail(field: string, message: string): never {
  throw new ValidationError(`datasource settings: field "${field}": ${message}`);
}

/** The PEM certificates of `text`, each parsed once to prove it is one. */
function certificates(field: string, text: string, what: string): string[] {
  const blocks = pemCertificates(text);
  if (blocks.length === 0) {
    fail(field, `no ${what} found: expected PEM text starting with -----BEGIN CERTIFICATE-----`);
  }
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch {
      fail(field, `PEM block ${i + 1} is not a valid X.509 certificate`);
    }
  });
  return blocks;
}

function privateKey(text: string): KeyObject {
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const encrypted =
      code === 'ERR_MISSING_PASSPHRASE' ? '; encrypted keys are not supported, remove the passphrase' : '';
    return fail(
      'secureJsonData.tlsClientKey',
      `not a usable PEM private key (expected -----BEGIN PRIVATE KEY-----, RSA or EC)${encrypted}`
    );
  }
}
