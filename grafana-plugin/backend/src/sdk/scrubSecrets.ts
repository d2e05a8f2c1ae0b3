/** The mask that replaces a secret wherever it would otherwise appear. */
export const REDACTED = '[redacted]';

/**
 * Secret values shorter than this are never masked. A one- to three-character value (a Mimir
 * tenant id "1") protects nothing by being masked, since anyone can guess it, while masking it
 * destroys every number, URL and path in the plugin's messages ("127.0.0.1", "/api/v1").
 */
export const MIN_SECRET_CHARS = 4;

/**
 * Secret values at least this long are masked wherever they occur, even inside a word: they are
 * credentials (tokens, passwords, the basic-auth string). Shorter ones ("prod", "team-a") are
 * low-entropy values that also occur inside URLs, host names and metric names, so they are masked
 * only as a whole token (no letter, digit or `_` on either side).
 */
export const WHOLE_TOKEN_BELOW_CHARS = 12;

/** Encoded (URL, JSON, base64) forms shorter than this are not masked (they would mask ordinary words). */
const MIN_FORM_CHARS = 6;

/**
 * Replaces each secret in `text`, in the forms an upstream that reflects request headers might
 * write it: literally; URL-encoded in any encoder's spelling (each character either as itself or
 * as the %XX of its UTF-8 bytes, either hex case, `+` for a space: encodeURIComponent, Python's
 * quote and quote_plus, Go's QueryEscape and PathEscape alike); JSON-escaped (`\"`, `\/`, `\uXXXX`
 * in either hex case, as JSON.stringify, Go and Python's ensure_ascii write them); and base64 or
 * base64url at any alignment inside a longer encoded text. Long values and every base64 form are
 * masked wherever they occur, short values as whole tokens, values under MIN_SECRET_CHARS never.
 * Mask the whole text before cutting it: a cut can leave a secret's prefix that no longer matches.
 * Both sides of the boundary use it: the protocol on everything derived from a request, the
 * datasource on upstream errors and health messages.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const { anywhere, wholeToken } = matchers(secrets);
  let out = text;
  for (const pattern of anywhere) out = out.replace(pattern, REDACTED);
  return wholeToken ? out.replace(wholeToken, REDACTED) : out;
}

/**
 * The values worth masking in messages about the datasource at `url`: a short value that is a
 * whole token of the URL (tenant "prod" of `http://prod:9090`) is left out. Every editor of the
 * datasource sees the URL, and every message quotes it, so masking the value would hide nothing
 * and mangle the plugin's own text. Long values (credentials) are always masked.
 */
export function maskableSecrets(values: Iterable<string>, url: string | undefined): string[] {
  const shown = withoutUserinfo(url);
  const out: string[] = [];
  for (const value of values) {
    if (value.length < MIN_SECRET_CHARS) continue;
    if (shown && value.length < WHOLE_TOKEN_BELOW_CHARS && wholeTokenRegex([escapeRegex(value)]).test(shown)) continue;
    out.push(value);
  }
  return out;
}

/** The URL as messages quote it: a password in its userinfo is a secret, not part of it. */
function withoutUserinfo(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return undefined;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

interface Matchers {
  /** Patterns masked wherever they match, longest value first (so that a longer value is masked before its parts). */
  anywhere: readonly RegExp[];
  /** One regex for the short values' text forms, each only where it is a whole token. */
  wholeToken: RegExp | undefined;
}

/**
 * A whole token: not preceded or followed by a letter, digit or `_` (metric and label names), except that the end of an escape
 * (`%20`, `\n`, `\u0022`) before it counts as a boundary, as in a URL- or JSON-encoded echo.
 */
const BEFORE = String.raw`(?<=^|[^A-Za-z0-9_]|%[0-9A-Fa-f]{2}|\\[bfnrt]|\\u[0-9A-Fa-f]{4})`;
const AFTER = '(?![A-Za-z0-9_])';

function wholeTokenRegex(forms: readonly string[], flags = ''): RegExp {
  return new RegExp(`${BEFORE}(?:${forms.join('|')})${AFTER}`, flags);
}

const matcherCache = new Map<string, Matchers>();

function matchers(secrets: readonly string[]): Matchers {
  const key = secrets.join('\u0000');
  let m = matcherCache.get(key);
  if (!m) {
    const anywhere: { pattern: string; weight: number }[] = [];
    const short: { pattern: string; weight: number }[] = [];
    for (const secret of new Set(secrets)) {
      if (secret.length < MIN_SECRET_CHARS) continue;
      const isShort = secret.length < WHOLE_TOKEN_BELOW_CHARS;
      (isShort ? short : anywhere).push({ pattern: textPattern(secret), weight: secret.length });
      for (const form of base64Forms(secret)) {
        if (form.length >= MIN_FORM_CHARS) anywhere.push({ pattern: escapeRegex(form), weight: form.length });
      }
    }
    const byWeight = (list: { pattern: string; weight: number }[]) => [
      ...new Set(list.sort((a, b) => b.weight - a.weight).map((p) => p.pattern)),
    ];
    m = {
      anywhere: byWeight(anywhere).map((p) => new RegExp(p, 'g')),
      wholeToken: short.length ? wholeTokenRegex(byWeight(short), 'g') : undefined,
    };
    if (matcherCache.size > 256) matcherCache.clear();
    matcherCache.set(key, m);
  }
  return m;
}

/** A hex digit in either case, as a regex. */
function hexDigit(d: string): string {
  return /[a-f]/i.test(d) ? `[${d.toLowerCase()}${d.toUpperCase()}]` : d;
}

function hexRegex(n: number, width: number): string {
  return [...n.toString(16).padStart(width, '0')].map(hexDigit).join('');
}

/**
 * The value as text, as one regex source: each character literally, percent-encoded (its UTF-8
 * bytes, either hex case; `+` for a space) or JSON-escaped (short escape, `\/`, `\uXXXX`). Encoders
 * differ in which characters they escape (Go's QueryEscape escapes `!*'()`, Python's quote keeps
 * `/`), so any character is accepted in any of its spellings rather than enumerating encoders.
 */
function textPattern(secret: string): string {
  let out = '';
  for (const ch of secret) {
    const ways = new Set<string>([escapeRegex(ch)]);
    ways.add([...new TextEncoder().encode(ch)].map((b) => `%${hexRegex(b, 2)}`).join(''));
    const json = JSON.stringify(ch).slice(1, -1);
    if (json !== ch) ways.add(escapeRegex(json));
    for (let i = 0; i < ch.length; i++) ways.add(escapeRegex('\\u') + hexRegex(ch.charCodeAt(i), 4));
    if (ch === ' ') ways.add(escapeRegex('+'));
    if (ch === '/') ways.add(escapeRegex('\\/'));
    out += `(?:${[...ways].join('|')})`;
  }
  return out;
}

/** Base64 and base64url of the value, alone and at each alignment inside a longer encoded text. */
function base64Forms(secret: string): string[] {
  const forms: string[] = [];
  // btoa over bytes, not Buffer: settings.ts (which the browser runs) imports this module.
  const bytes = String.fromCharCode(...new TextEncoder().encode(secret));
  // Inside a longer base64 text the secret starts at byte offset 0, 1 or 2 of a 3-byte group; the
  // characters that encode only secret bytes are the same whatever surrounds them.
  for (let shift = 0; shift < 3; shift++) {
    const encoded = btoa('\0'.repeat(shift) + bytes);
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
