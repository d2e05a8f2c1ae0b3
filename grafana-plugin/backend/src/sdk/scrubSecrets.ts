/** The mask that replaces a secret wherever it would otherwise appear. */
export const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of each secret in `text`. Both sides of the boundary use it: the
 * protocol on everything derived from a request, the datasource on upstream errors and bodies.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(REDACTED);
  }
  return out;
}
