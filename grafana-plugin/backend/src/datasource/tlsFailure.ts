import type { TlsSettings } from './settings.ts';

/**
 * What a failed TLS handshake means, in words that say what to set, from the Node/OpenSSL error
 * code (kept in the message, for searching). Without this a certificate problem reads as
 * "unreachable". Returns undefined when the failure is not about TLS.
 */

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/**
 * Alerts a server sends when it wants a client certificate, or does not accept the one sent
 * (OpenSSL 3.5 spells the SSLV3 ones `SSL/TLS`; `alertName` folds both). A handshake failure alert
 * can also mean no common cipher, so its message says "if".
 */
const REQUIRED = 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED';
const HANDSHAKE = 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE';
const CLIENT_CERT = new Set([
  REQUIRED,
  HANDSHAKE,
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
]);
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

interface Failure {
  code: string;
  reason?: string;
}

/** The TLS error codes along the cause chain (fetch wraps undici's error, the proxy agent wraps Node's). */
function tlsCodes(error: unknown): Failure[] {
  const found: Failure[] = [];
  for (
    let e = error as { code?: unknown; reason?: unknown; cause?: unknown } | null, depth = 0;
    e && depth < 6;
    depth++
  ) {
    if (typeof e.code === 'string')
      found.push({ code: e.code, reason: typeof e.reason === 'string' ? e.reason : undefined });
    e = (typeof e.cause === 'object' ? e.cause : null) as typeof e;
  }
  return found;
}

const CA_HINT =
  'if a private CA signed it, set jsonData.tlsAuthWithCACert with the CA in secureJsonData.tlsCACert (or install the CA on the Grafana host, or point SSL_CERT_FILE at it); jsonData.tlsSkipVerify turns verification off';

/**
 * `https` says whether the URL is https: there, a connection closed with no answer at all is what a
 * TLS 1.3 server that wants a client certificate looks like to undici (the certificate_required
 * alert arrives after the handshake, and undici reports the close, UND_ERR_SOCKET, not the alert).
 */
export function tlsFailure(error: unknown, tls: TlsSettings, https: boolean): string | undefined {
  const codes = tlsCodes(error);
  for (const { code, reason } of codes) {
    if (UNTRUSTED.has(code)) {
      const which = tls.caCert ? 'the CA in secureJsonData.tlsCACert' : "the Grafana host's CAs";
      return `TLS: the server's certificate is not trusted by ${which} (${code}); ${CA_HINT}`;
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return `TLS: the server's certificate is not valid for this host name (${code}${reason ? `: ${reason}` : ''}); use a URL with a name the certificate lists, or set jsonData.serverName to one of them`;
    }
    if (EXPIRED.has(code)) {
      return `TLS: the server's certificate is outside its validity period (${code}); renew it on the server`;
    }
    const alert = code.replace('ERR_SSL_SSL/TLS_ALERT_', 'ERR_SSL_SSLV3_ALERT_');
    if (CLIENT_CERT.has(alert)) {
      if (tls.clientCert) {
        return `TLS: the server did not accept the client certificate in secureJsonData.tlsClientCert (${code})`;
      }
      const what = alert === HANDSHAKE ? 'refused the TLS handshake' : 'requires a client certificate';
      const hint = alert === HANDSHAKE ? 'if it requires a client certificate, set' : 'set';
      return `TLS: the server ${what} (${code}); ${hint} jsonData.tlsAuth with secureJsonData.tlsClientCert and tlsClientKey`;
    }
    if (NOT_TLS.has(code)) {
      return `TLS: the server does not speak TLS on this port (${code}); is the URL http:// rather than https://?`;
    }
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'UND_ERR_PRX_TLS') {
      return `TLS handshake failed (${code})`;
    }
  }
  if (https && codes.some((c) => c.code === 'UND_ERR_SOCKET')) {
    return tls.clientCert
      ? 'TLS: the server closed the connection without answering (UND_ERR_SOCKET); it may not accept the client certificate in secureJsonData.tlsClientCert'
      : 'TLS: the server closed the connection without answering (UND_ERR_SOCKET); if it requires a client certificate, set jsonData.tlsAuth with secureJsonData.tlsClientCert and tlsClientKey';
  }
  return undefined;
}
