/** The mask that replaces a secret wherever it would otherwise appear. */
export const REDACTED = '[redacted]';

/** Encoded forms shorter than this are not masked (they would mask ordinary words). */
const MIN_FORM_CHARS = 6;

/**
 * Replaces every occurrence of each secret in `text`, in the forms an upstream that reflects
 * request headers might write it: literal, URL-encoded (either hex case, `+` for spaces),
 * JSON-escaped, and base64 or base64url at any alignment inside a longer encoded text. Both sides
 * of the boundary use it: the protocol on everything derived from a request, the datasource on
 * upstream errors and bodies.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const form of secretForms(secrets)) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

const formsCache = new Map<string, readonly string[]>();

/** Every form of every secret, longest first (so that a longer form is masked before its parts). */
export function secretForms(secrets: readonly string[]): readonly string[] {
  const key = secrets.join('\u0000');
  let forms = formsCache.get(key);
  if (!forms) {
    const all = new Set<string>();
    for (const secret of secrets) {
      if (secret.length === 0) continue;
      all.add(secret);
      for (const form of encodedForms(secret)) if (form.length >= MIN_FORM_CHARS) all.add(form);
    }
    forms = [...all].sort((a, b) => b.length - a.length);
    if (formsCache.size > 256) formsCache.clear();
    formsCache.set(key, forms);
  }
  return forms;
}

function encodedForms(secret: string): string[] {
  const url = encodeURIComponent(secret);
  const forms = [url, url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), url.replace(/%20/g, '+')];
  forms.push(JSON.stringify(secret).slice(1, -1));
  const bytes = Buffer.from(secret, 'utf8');
  // Inside a longer base64 text the secret starts at byte offset 0, 1 or 2 of a 3-byte group; the
  // characters that encode only secret bytes are the same whatever surrounds them.
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const total = shift + bytes.length;
    const start = shift === 0 ? 0 : 4;
    const end = Math.floor(total / 3) * 4;
    const core = encoded.slice(start, end);
    if (core.length === 0) continue;
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    if (shift === 0) forms.push(encoded, encoded.replace(/=+$/, ''));
  }
  return forms;
}
