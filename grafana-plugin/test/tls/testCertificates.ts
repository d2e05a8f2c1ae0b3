import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private CA and certificates issued by it, made with the `openssl` command (node:crypto cannot
 * issue X.509) in a temp dir: what a company's internal PKI hands out. Keys are P-256 (fast).
 */
export interface TestPki {
  dir: string;
  /** Paths and PEM texts. */
  caFile: string;
  caPem: string;
  /** Issued for `prom.sieve.test` and 127.0.0.1. */
  server: { cert: string; key: string };
  /** Issued for `other.internal` only: a host-name mismatch when reached as 127.0.0.1. */
  otherServer: { cert: string; key: string };
  /** A client certificate (extendedKeyUsage clientAuth). */
  client: { cert: string; key: string };
  /** A second, unrelated CA: trusting it does not make the server trusted. */
  strangerCaPem: string;
  /** A client certificate issued by the unrelated CA. */
  strangerClient: { cert: string; key: string };
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=Sieve test ${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
}

function issue(
  dir: string,
  name: string,
  subject: string,
  extensions: string,
  ca = 'ca'
): { cert: string; key: string } {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${subject}`,
  ]); // prettier-ignore
  openssl(dir, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`,
  ]); // prettier-ignore
  return { cert: readFileSync(join(dir, `${name}.pem`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-pki-'));
  makeCa(dir, 'ca');
  makeCa(dir, 'stranger');
  const serverExt = 'extendedKeyUsage=serverAuth\nsubjectAltName=DNS:prom.sieve.test,IP:127.0.0.1\n';
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    server: issue(dir, 'server', 'prom.sieve.test', serverExt),
    otherServer: issue(dir, 'other', 'other.internal', 'subjectAltName=DNS:other.internal\n'),
    client: issue(dir, 'client', 'grafana', 'extendedKeyUsage=clientAuth\n'),
    strangerCaPem: readFileSync(join(dir, 'stranger.pem'), 'utf8'),
    strangerClient: issue(dir, 'stranger-client', 'intruder', 'extendedKeyUsage=clientAuth\n', 'stranger'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
