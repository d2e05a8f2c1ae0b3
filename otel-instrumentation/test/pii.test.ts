import { freePort } from '@sieve/testkit';
import { LABEL, METRICS, OTHER_CATEGORY, startSieve } from '../src/index.ts';
import { hashCategory, maskCategory, processHashKey } from '../src/privacy/categoryMasking.ts';
import { detectPii, luhnValid } from '../src/privacy/piiPatterns.ts';
import { librarySieve } from './support/librarySieve.ts';
import { collect, find, scalar } from './support/collect.ts';
import { parseExposition } from './support/exposition.ts';

const F = LABEL.feature;
const K = LABEL.piiKind;
const manual = (extra: { piiHashKey?: string } = {}) => librarySieve({ serviceName: 'pii', ...extra });

describe('PII patterns', () => {
  it.each([
    ['jane.doe+ml@example.co.uk', 'email'],
    ['4111 1111 1111 1111', 'card'],
    ['4111-1111-1111-1111', 'card'],
    ['378282246310005', 'card'],
    ['192.168.0.1', 'ipv4'],
    ['2001:db8::ff00:42:8329', 'ipv6'],
    ['fe80::1%eth0', 'ipv6'],
    ['::ffff:192.0.2.128', 'ipv6'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', 'ipv6'],
    ['+1 415-555-0132', 'phone'],
    ['(415) 555-0132', 'phone'],
    ['+44 20 7946 0958', 'phone'],
    ['123456789', 'digits'],
    // 16 digits failing Luhn: not a card, still a long identifier.
    ['4111111111111112', 'digits'],
  ])('%s is %s', (value, kind) => expect(detectPii(value)).toBe(kind));

  it.each([
    'AA',
    'Chicago',
    'user@',
    '@handle',
    'a@b',
    '12345678',
    '2026-01-15',
    '10.0.19041.1',
    '256.1.1.1',
    '1.2.3',
    '12:30',
    'de:ad',
    'gpu-a100-80gb',
    'v1.2.3',
    '',
  ])('%s is not PII', (value) => expect(detectPii(value)).toBeUndefined());

  it('checks Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});

describe('category masking', () => {
  const key = 'k'.repeat(16);
  it('masks detected PII by default and keeps other values', () => {
    expect(maskCategory('a@b.io', { hashKey: key })).toEqual({ label: '__pii_email__', masked: 'email' });
    expect(maskCategory('ORD', { hashKey: key })).toEqual({ label: 'ORD', masked: undefined });
  });
  it("'hash' hashes every value with HMAC-SHA256 (12 hex), keyed", () => {
    const a = maskCategory('ORD', { mode: 'hash', hashKey: key });
    expect(a).toEqual({ label: expect.stringMatching(/^hash:[0-9a-f]{12}$/), masked: 'none' });
    expect(a.label).toBe(hashCategory(key, 'ORD'));
    expect(hashCategory('another key 1234', 'ORD')).not.toBe(a.label);
    expect(maskCategory('a@b.io', { mode: 'hash', hashKey: key }).masked).toBe('email');
    expect(processHashKey()).toBe(processHashKey());
  });
  it("'allowlist' keeps only listed values; 'raw' keeps everything", () => {
    const allowlist = new Set(['ORD', 'a@b.io']);
    expect(maskCategory('ORD', { mode: 'allowlist', allowlist, hashKey: key }).label).toBe('ORD');
    expect(maskCategory('a@b.io', { mode: 'allowlist', allowlist, hashKey: key }).label).toBe('a@b.io');
    expect(maskCategory('JFK', { mode: 'allowlist', allowlist, hashKey: key })).toEqual({
      label: OTHER_CATEGORY,
      masked: 'none',
    });
    expect(maskCategory('a@b.io', { mode: 'raw', hashKey: key })).toEqual({ label: 'a@b.io', masked: undefined });
  });
});

describe('categorical features never export PII', () => {
  const baseline = ['ORD', 'ORD', 'a@x.io', 'b@x.io', '4111111111111111'];
  const labelsOf = async (s: ReturnType<typeof manual>, name: string) =>
    find(await collect(s), METRICS.featureCategory.name, { [F]: name }).map((x) => x.attributes[LABEL.category]);

  it('default: masks by kind, counts masked values per kind, shares add up', async () => {
    const s = manual();
    const f = s.feature('who', { kind: 'categorical', baseline });
    f.observeMany(['a@x.io', 'b@x.io', 'ORD', '4111111111111111', 'c@x.io']);
    const series = await collect(s);
    const cats = find(series, METRICS.featureCategory.name, { [F]: 'who' }).map((x) => x.attributes[LABEL.category]);
    expect(new Set(cats)).toEqual(new Set(['ORD', '__pii_email__', '__pii_card__', OTHER_CATEGORY]));
    expect(scalar(series, METRICS.featureCategory.name, { [F]: 'who', [LABEL.category]: '__pii_email__' })).toBe(2);
    expect(scalar(series, METRICS.featureCategoriesMasked.name, { [F]: 'who', [K]: 'email' })).toBe(2);
    expect(scalar(series, METRICS.featureCategoriesMasked.name, { [F]: 'who', [K]: 'card' })).toBe(1);
    expect(scalar(series, METRICS.featureBaseline.name, { [F]: 'who', [LABEL.category]: '__pii_email__' })).toBeCloseTo(
      0.4
    );
    // PSI still sees the real categories.
    expect(f.binSpec.kind === 'categorical' && f.binSpec.categories).toContain('a@x.io');
  });

  it("'hash' exports stable keyed hashes; 'allowlist' exports __other__; 'raw' exports as is", async () => {
    const s = manual({ piiHashKey: 'a secret key of 16+' });
    s.feature('h', { kind: 'categorical', baseline, categories: 'hash' }).observe('ORD');
    s.feature('a', { kind: 'categorical', baseline, categories: 'allowlist', allowlist: ['ORD'] }).observe('b@x.io');
    s.feature('r', { kind: 'categorical', baseline, categories: 'raw' }).observe('a@x.io');
    expect(await labelsOf(s, 'h')).toContain(hashCategory('a secret key of 16+', 'ORD'));
    expect((await labelsOf(s, 'h')).every((l) => l === OTHER_CATEGORY || /^hash:[0-9a-f]{12}$/.test(String(l)))).toBe(
      true
    );
    expect(new Set(await labelsOf(s, 'a'))).toEqual(new Set(['ORD', OTHER_CATEGORY]));
    expect(scalar(await collect(s), METRICS.featureCategoriesMasked.name, { [F]: 'a', [K]: 'email' })).toBe(1);
    expect(await labelsOf(s, 'r')).toContain('a@x.io');
  });

  it('rejects bad options at setup, naming the field', () => {
    const s = manual();
    expect(() => s.feature('x', { kind: 'categorical', baseline, categories: 'allowlist' })).toThrow(/allowlist/);
    expect(() => s.feature('x', { kind: 'categorical', baseline, categories: 'secret' as unknown as 'raw' })).toThrow(
      /options\.categories/
    );
    expect(() => startSieve({ serviceName: 'x', prometheus: false, piiHashKey: 'short' })).toThrow(/piiHashKey/);
  });

  it('masks dataset field names that look like values', async () => {
    const s = manual();
    s.dataset('users').checkRecords([{ 'jane@example.com': 1, age: 3 }]);
    const fields = find(await collect(s), METRICS.datasetMissing.name).map((x) => x.attributes[LABEL.field]);
    expect(fields).toContain('__pii_email__');
    expect(fields).toContain('age');
    expect(fields).not.toContain('jane@example.com');
  });

  it('counts the values checked under masked field names, by kind', async () => {
    const s = manual();
    const d = s.dataset('users', { schema: { '+1 415 555 0100': 'number' } });
    d.checkRecords([
      { 'jane@example.com': 1, 'joe@example.com': 'x', age: 3 },
      { age: 4, '+1 415 555 0100': 2 },
    ]);
    d.checkColumns({ '4111111111111111': [1, null, 3], age: [1, 2, 3] });
    const series = await collect(s);
    const masked = (kind: string) =>
      scalar(series, METRICS.datasetFieldsMasked.name, { [LABEL.dataset]: 'users', [K]: kind });
    // Records: each email key is checked in both records (absent counts as missing); columns: the
    // emails, undeclared, are not checked where they are absent (a schema change only), the declared
    // phone counts 3 missing, the card column 3 values.
    expect(masked('email')).toBe(2 + 2);
    expect(masked('phone')).toBe(2 + 3);
    expect(masked('card')).toBe(3);
    expect(find(series, METRICS.datasetFieldsMasked.name, { [LABEL.dataset]: 'users' })).toHaveLength(3);
  });

  it('the masked counter and no raw PII in a real scrape', async () => {
    const s = startSieve({ serviceName: 'pii', prometheus: { host: '127.0.0.1', port: await freePort() } });
    try {
      await s.ready();
      s.feature('who', { kind: 'categorical', baseline }).observeMany(['a@x.io', '4111111111111111']);
      const text = await (await fetch(s.metricsUrl as string)).text();
      const { samples } = parseExposition(text);
      const masked = samples.filter((x) => x.name === METRICS.featureCategoriesMasked.prometheus.name);
      expect(masked.map((x) => [x.labels[F], x.labels[K], x.value]).sort()).toEqual([
        ['who', 'card', 1],
        ['who', 'email', 1],
      ]);
      expect(text).not.toContain('a@x.io');
      expect(text).not.toContain('4111111111111111');
    } finally {
      await s.shutdown();
    }
  });
});

describe('error types never export PII or free text', () => {
  const typeOf = async (name: string): Promise<string[]> => {
    const s = manual();
    const m = s.model('m');
    const e = new Error('boom');
    e.name = name;
    await m.predict(() => Promise.reject(e)).catch(() => undefined);
    const errors = find(await collect(s), METRICS.modelErrors.name, { [LABEL.model]: 'm' });
    return errors.map((x) => String(x.attributes[LABEL.errorType]));
  };

  it.each([
    ['alice@example.com', '__pii_email__'],
    ['4111111111111111', '__pii_card__'],
    ['4111 1111 1111 1111', '__pii_card__'],
    ['10.0.0.1', '__pii_ipv4__'],
    ['2001:db8::ff00:42:8329', '__pii_ipv6__'],
    ['+1 415-555-0132', '__pii_phone__'],
    ['123456789', '__pii_digits__'],
    ['Error: user bob@x.com not found', OTHER_CATEGORY],
    ['connection to 10.0.0.1 refused', OTHER_CATEGORY],
    ['', 'Error'], // an empty name falls back to the class name
    ['x'.repeat(129), OTHER_CATEGORY],
    // Class-shaped names built from data
    ['user_4111111111111111', '__pii_card__'],
    ['Err123456789', '__pii_digits__'],
    ['DE89370400440532013000', '__pii_digits__'], // an IBAN
    ['Error_10_0_0_1', '__pii_ipv4__'],
    ['Error.192.168.1.20', '__pii_ipv4__'],
  ])('%s becomes %s', async (name, label) => {
    expect(await typeOf(name)).toEqual([label]);
  });

  it.each([
    'TypeError',
    'AbortError',
    'pg.DatabaseError',
    '$ZodError',
    '_Private',
    'E'.repeat(128),
    'Http2Error',
    'Error12345678', // 8 digits: below the id threshold
    'Err_300_0_0_1', // not an IPv4 address
  ])('keeps the class name %s', async (name) => expect(await typeOf(name)).toEqual([name]));

  it('no raw PII in the errors of a real scrape; the masked kinds count the errors', async () => {
    const s = startSieve({ serviceName: 'pii', prometheus: { host: '127.0.0.1', port: await freePort() } });
    try {
      await s.ready();
      const m = s.model('m');
      for (const n of [
        'alice@example.com',
        '4111111111111111',
        '10.0.0.1',
        'Error: user bob@x.com not found',
        'bob@x.io',
      ]) {
        const e = new Error('x');
        e.name = n;
        await m.predict(() => Promise.reject(e)).catch(() => undefined);
      }
      const text = await (await fetch(s.metricsUrl as string)).text();
      const errors = parseExposition(text).samples.filter((x) => x.name === METRICS.modelErrors.prometheus.name);
      expect(Object.fromEntries(errors.map((x) => [x.labels[LABEL.errorType], x.value]))).toEqual({
        __pii_email__: 2,
        __pii_card__: 1,
        __pii_ipv4__: 1,
        [OTHER_CATEGORY]: 1,
      });
      for (const raw of ['alice@example.com', '4111111111111111', '10.0.0.1', 'bob@x']) expect(text).not.toContain(raw);
    } finally {
      await s.shutdown();
    }
  });
});
