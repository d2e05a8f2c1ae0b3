import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCACertificates } from 'node:tls';

/**
 * The CA certificates an `https://` upstream is checked against when the datasource names no CA of
 * its own: what a Go plugin trusts, plus Node's bundled list.
 *
 * Go's crypto/x509 trusts the host's store and honours `SSL_CERT_FILE` (one PEM bundle) and
 * `SSL_CERT_DIR` (colon-separated directories; every file in them is read), which Grafana passes
 * to its plugins. Node trusts only its bundled Mozilla list unless told otherwise, and the
 * executable drops NODE_EXTRA_CA_CERTS with every other NODE_* variable (nodeEnvironment.ts), so:
 *
 * - `bundled`: Node's Mozilla list (what Node users expect);
 * - `system`: the host's store (OpenSSL's default file and hashed directory; Node reads
 *   SSL_CERT_FILE / SSL_CERT_DIR here too, but only hash-named files in the directory);
 * - every PEM certificate in SSL_CERT_FILE and in every file of SSL_CERT_DIR, read as Go reads
 *   them. Unreadable files are skipped, as Go skips them.
 */
export function hostCaCertificates(env: Readonly<Record<string, string | undefined>>): string[] {
  const all = new Set([...getCACertificates('bundled'), ...getCACertificates('system')]);
  const files: string[] = [];
  if (env.SSL_CERT_FILE) files.push(env.SSL_CERT_FILE);
  for (const dir of (env.SSL_CERT_DIR ?? '').split(':').filter(Boolean)) {
    try {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isFile() || entry.isSymbolicLink()) files.push(join(dir, entry.name));
      }
    } catch {
      // A missing directory is not an error for Go either.
    }
  }
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const block of pemCertificates(text)) all.add(block);
  }
  return [...all];
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/** The `CERTIFICATE` blocks of a PEM text, normalised to one line ending; other blocks are ignored. */
export function pemCertificates(text: string): string[] {
  return [...text.matchAll(CERTIFICATE_BLOCK)].map((m) => `${m[0].replace(/\r\n/g, '\n')}\n`);
}
