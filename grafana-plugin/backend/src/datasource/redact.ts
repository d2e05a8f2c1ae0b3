/** The mask that replaces a secret wherever it would otherwise appear. */
export const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of each secret in `text`. Secrets shorter than 4 characters are still
 * masked: a short password is still a password.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(REDACTED);
  }
  return out;
}
