import { createLogger, formatLogLine, hclogTimestamp, LOG_LEVELS } from '../backend/src/protocol/logger.ts';
import { redact, secretValues } from '../backend/src/protocol/redaction.ts';
import { REDACTED, scrubSecrets } from '../backend/src/sdk/scrubSecrets.ts';

describe('formatLogLine', () => {
  it('writes one hclog JSON object per line with @level, @message and @timestamp', () => {
    const now = new Date(Date.UTC(2026, 0, 6, 12, 0, 5, 7));
    for (const level of LOG_LEVELS) {
      const line = formatLogLine(level, 'multi\nline', { refId: 'A' }, now);
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry).toEqual({
        '@level': level,
        '@message': 'multi\nline',
        '@timestamp': '2026-01-06T12:00:05.007000Z',
        refId: 'A',
      });
    }
  });

  it("stamps @timestamp in go-plugin's layout, 2006-01-02T15:04:05.000000Z07:00 (six fractional digits, UTC)", () => {
    // What Go's time.Parse with that layout accepts: six digits exactly, then Z or an offset.
    const goLayout = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{6})(Z|[+-]\d\d:\d\d)$/;
    for (const ms of [0, 1, 999, 1_767_700_805_123, Date.now()]) {
      const stamp = hclogTimestamp(new Date(ms));
      const parts = goLayout.exec(stamp);
      expect(parts).not.toBeNull();
      const [, y, mo, d, h, mi, s, micros] = parts!.map(Number);
      expect(Date.UTC(y!, mo! - 1, d, h, mi, s) + micros! / 1000).toBe(ms);
    }
    const line = JSON.parse(formatLogLine('info', 'x')) as Record<string, string>;
    expect(Math.abs(Date.parse(line['@timestamp']!) - Date.now())).toBeLessThan(60_000);
  });

  it('masks secret-named fields at any depth and keeps errors readable', () => {
    const entry = JSON.parse(
      formatLogLine('error', 'failed', {
        headers: { Authorization: 'Bearer abc', 'http_X-Foo': 'ok' },
        settings: { decryptedSecureJsonData: { token: 'abc' }, url: 'http://p' },
        error: new Error('boom'),
      })
    ) as { headers: Record<string, string>; settings: Record<string, unknown>; error: { message: string } };
    expect(entry.headers).toEqual({ Authorization: REDACTED, 'http_X-Foo': 'ok' });
    expect(entry.settings).toEqual({ decryptedSecureJsonData: REDACTED, url: 'http://p' });
    expect(entry.error.message).toBe('boom');
  });

  it('cannot be tricked into overriding @level or @message by a field', () => {
    const entry = JSON.parse(formatLogLine('info', 'real', { '@level': 'error', '@message': 'fake' })) as Record<
      string,
      unknown
    >;
    expect(entry['@level']).toBe('info');
    expect(entry['@message']).toBe('real');
  });
});

describe('createLogger', () => {
  it('drops lines below the minimum level and merges child fields', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), 'info').child({ component: 'dispatch' });
    log.debug('hidden');
    log.warn('shown', { refId: 'B' });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { '@level': 'warn', '@message': 'shown', '@timestamp': expect.any(String), component: 'dispatch', refId: 'B' },
    ]);
  });

  it('survives a writer that throws', () => {
    const log = createLogger(() => {
      throw new Error('EPIPE');
    });
    expect(() => log.error('x')).not.toThrow();
  });
});

describe('secret scrubbing', () => {
  it('removes the credential with and without its scheme, longest first', () => {
    const secrets = secretValues(['Bearer s3cr3t-token', 'pw', undefined, 'hunter22']);
    expect(secrets).toEqual(['Bearer s3cr3t-token', 's3cr3t-token', 'hunter22']);
    expect(scrubSecrets('auth Bearer s3cr3t-token failed; token s3cr3t-token; pw hunter22', secrets)).toBe(
      `auth ${REDACTED} failed; token ${REDACTED}; pw ${REDACTED}`
    );
  });

  it('redact handles cycles and typed arrays', () => {
    const a: Record<string, unknown> = { bytes: new Uint8Array(3) };
    a.self = a;
    expect(redact(a)).toEqual({ bytes: '[3 bytes]', self: '[…]' });
  });
});
