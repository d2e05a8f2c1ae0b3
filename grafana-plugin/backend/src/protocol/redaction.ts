/**
 * Keeps secrets out of logs, errors and responses. Two nets: keys that name a secret are masked
 * wherever they appear in a logged value, and the literal secret values of a request (decrypted
 * secure JSON data, Authorization headers) are scrubbed from any text derived from that request.
 */
import { REDACTED } from '../sdk/scrubSecrets.ts';

// TLS: the client key by any name (tlsClientKey, clientKey, privateKey), and the CA PEM, which is
// configuration nobody expects in a log.
const SECRET_KEY =
  /authorization|cookie|password|secret|token|securejsondata|api[-_]?key|credential|(client|private)[-_]?key|ca[-_]?cert/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A JSON-safe copy of `value` with secret-named keys masked; Errors become {name, message, stack}. */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return String(value);
    return value;
  }
  if (seen.has(value) || depth > 8) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? REDACTED : redact(v, depth + 1, seen);
  }
  return out;
}

/** Secret values worth scrubbing (short strings would mask ordinary words, so they are skipped). */
export function secretValues(candidates: Iterable<string | undefined>): string[] {
  const values = new Set<string>();
  for (const c of candidates) {
    if (c === undefined || c.length < 4) continue;
    values.add(c);
    // "Bearer <token>" / "Basic <b64>": the bare credential may show up on its own too.
    const space = c.indexOf(' ');
    if (space > 0 && c.length - space - 1 >= 4) values.add(c.slice(space + 1));
  }
  return [...values].sort((a, b) => b.length - a.length);
}
