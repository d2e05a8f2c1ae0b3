import { parseSettings } from '../backend/src/datasource/settings.ts';
import { requestSecrets } from '../backend/src/protocol/requestContext.ts';
import type { RequestContext } from '../backend/src/sdk/index.ts';
import { maskableSecrets, REDACTED, scrubSecrets } from '../backend/src/sdk/scrubSecrets.ts';
import { instanceSettings } from './datasource/handlerRequests.ts';

/**
 * Secret masking must keep credentials out of every message without destroying the plugin's own
 * text when a secure header holds a short, low-entropy value such as a Mimir tenant id.
 */

const URL_127 = 'http://127.0.0.1:19400';
const HEALTH = `Prometheus at ${URL_127} refused the request: Prometheus /api/v1/label/pipeline/values: HTTP 400: bad_data: parse error at char 1`;

/** The secrets both layers would mask for a tenant header value: the datasource's and the protocol's. */
function secretsFor(tenant: string, url = URL_127, extra: Record<string, string> = {}): (readonly string[])[] {
  const settings = instanceSettings(url, {
    jsonData: { httpHeaderName1: 'X-Scope-OrgID' },
    decryptedSecureJsonData: { httpHeaderValue1: tenant, ...extra },
  });
  const ctx = { instanceSettings: settings, headers: {} } as unknown as RequestContext;
  return [parseSettings(settings).secrets, requestSecrets(ctx)];
}

describe('a one-character tenant id ("1")', () => {
  it('leaves URLs, paths and numbers in health messages and query errors intact', () => {
    for (const secrets of secretsFor('1')) {
      expect(secrets).toEqual([]);
      expect(scrubSecrets(HEALTH, secrets)).toBe(HEALTH);
    }
  });
});

describe('a short word as tenant id ("prod")', () => {
  it('is masked as a whole token, also URL- and JSON-encoded, but not inside other words or names', () => {
    for (const secrets of secretsFor('prod')) {
      expect(secrets).toEqual(['prod']);
      const echo =
        'tenant prod not allowed; headers {"X-Scope-OrgID":"prod"} X-Scope-OrgID%3A%20prod%0D%0A; line\\nprod';
      expect(scrubSecrets(echo, secrets)).toBe(
        `tenant ${REDACTED} not allowed; headers {"X-Scope-OrgID":"${REDACTED}"} X-Scope-OrgID%3A%20${REDACTED}%0D%0A; line\\n${REDACTED}`
      );
      const own = `${HEALTH}; sieve_prod_total{env="production"} prodigy reproduce`;
      expect(scrubSecrets(own, secrets)).toBe(own);
    }
  });

  it('is not masked at all when it is part of the datasource URL, which every message quotes', () => {
    const url = 'http://prod:9090/prometheus';
    const message = `Prometheus at ${url} is unreachable: connect ECONNREFUSED (tenant prod)`;
    for (const secrets of secretsFor('prod', url)) {
      expect(secrets).toEqual([]);
      expect(scrubSecrets(message, secrets)).toBe(message);
    }
  });

  it('but a password in the URL userinfo is not part of the URL the messages quote', () => {
    const [datasource, protocol] = secretsFor('prod', 'http://ann:prod@mimir:9090');
    expect(datasource).toContain('prod');
    expect(protocol).toContain('prod');
  });
});

describe('a real-looking token', () => {
  const TOKEN = 'glc_eyJvIjoiMTIzNDU2Nzg5In0K';
  it('is masked wherever it occurs: inside words, URL-encoded, base64 at any alignment', () => {
    for (const secrets of secretsFor(TOKEN)) {
      expect(secrets).toContain(TOKEN);
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const echoes = [
        `x${TOKEN}y`,
        `http://127.0.0.1:19400/?t=${encodeURIComponent(TOKEN)}`,
        `{"h":"${TOKEN}"}`,
        b64(`X-Scope-OrgID: ${TOKEN}`),
        b64(`a: ${TOKEN}`),
        b64(`ab: ${TOKEN}`),
      ];
      for (const echo of echoes) {
        const masked = scrubSecrets(echo, secrets);
        expect(masked).toContain(REDACTED);
        expect(masked).not.toContain(TOKEN);
        expect(masked).not.toContain(Buffer.from(TOKEN).toString('base64').slice(4, 20));
      }
    }
  });

  it('is masked even when it is part of the datasource URL', () => {
    expect(maskableSecrets([TOKEN], `https://mimir/${TOKEN}/prometheus`)).toEqual([TOKEN]);
  });
});

describe('URL-encoded echoes, whatever the encoder escapes', () => {
  /** Python's urllib.parse.quote: like encodeURIComponent but keeps `/` (as encodeURI and Go's PathEscape). */
  const pythonQuote = (s: string) => encodeURIComponent(s).replace(/%2F/g, '/');
  /** Go's url.QueryEscape: also escapes `!*'()`, and writes a space as `+`. */
  const goQueryEscape = (s: string) =>
    encodeURIComponent(s)
      .replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  const pieces = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));

  it('masks a base64 bearer token echoed by Python quote (keeps "/")', () => {
    const token = 'QmFzZTY0/dG9rZW4+c2VjcmV0PQ==';
    const settings = instanceSettings(URL_127, { decryptedSecureJsonData: { bearerToken: token } });
    const echo = `bad_data: Authorization: ${pythonQuote(`Bearer ${token}`)}`;
    expect(echo).toContain('QmFzZTY0/dG9rZW4%2Bc2VjcmV0PQ%3D%3D');
    const masked = scrubSecrets(echo, parseSettings(settings).secrets);
    expect(masked).toBe(`bad_data: Authorization: Bearer%20${REDACTED}`);
    for (const piece of pieces(pythonQuote(token))) expect(masked).not.toContain(piece);
  });

  it('masks a short header value echoed by Go QueryEscape ("!" as %21)', () => {
    for (const secrets of secretsFor('s3cr3t!key')) {
      expect(goQueryEscape('s3cr3t!key')).toBe('s3cr3t%21key');
      for (const echo of ['X-Api-Key: s3cr3t%21key;', 'X-Api-Key=s3cr3t%21key&x=1']) {
        expect(scrubSecrets(echo, secrets)).toBe(echo.replace('s3cr3t%21key', REDACTED));
      }
      // Whole token only, as for any value under 12 characters.
      expect(scrubSecrets('xs3cr3t%21key', secrets)).toBe('xs3cr3t%21key');
    }
  });

  it('masks a long token in every encoder spelling: Go, Python, lower-case hex, JSON \\u escapes', () => {
    const token = "Tok&en<1>!*'()~abc/def+ghi= x";
    for (const secrets of secretsFor(token)) {
      const spellings = [
        goQueryEscape(token),
        pythonQuote(token),
        goQueryEscape(token).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
        encodeURI(token),
        JSON.stringify(token)
          .replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)
          .slice(1, -1),
        JSON.stringify(token).replace(/\//g, '\\/').slice(1, -1),
      ];
      expect(spellings).toContain('Tok%26en%3C1%3E%21%2A%27%28%29~abc%2Fdef%2Bghi%3D+x');
      for (const spelling of spellings) {
        expect(scrubSecrets(`echo: ${spelling}.`, secrets)).toBe(`echo: ${REDACTED}.`);
      }
    }
  });

  it('masks non-ASCII values by their UTF-8 bytes', () => {
    const secret = 'pässwörd-ünïcode';
    for (const secrets of secretsFor(secret)) {
      expect(scrubSecrets(`p=${encodeURIComponent(secret).toLowerCase()}`, secrets)).toBe(`p=${REDACTED}`);
    }
  });
});
