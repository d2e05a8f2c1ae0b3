import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASELINE_FORMAT,
  BASELINE_VERSION,
  LABEL,
  METRICS,
  baselineProfile,
  loadBaseline,
  saveBaseline,
  type Sieve,
} from '../src/index.ts';
import { librarySieve } from './support/librarySieve.ts';
import { collect, find, scalar } from './support/collect.ts';

const F = LABEL.feature;
const manual = (): Sieve => librarySieve({ serviceName: 'test' });

// Squares: a skewed baseline, so quantile edges are not equally spaced; plus entries that are skipped.
const training = [...Array.from({ length: 1000 }, (_, i) => (i / 10) ** 2), null, NaN, Infinity];
const carriers = ['AA', 'UA', 'AA', 'DL', 'AA', 'UA', 'WN', null, 7, true, 'AA'];
const current = Array.from({ length: 400 }, (_, i) => (i / 3) ** 2);

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sieve-baseline-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a saved reference profile', () => {
  it('gives a numeric feature the same bins, shares, n, PSI and verdict as the raw training values', async () => {
    const file = join(dir, 'distance.json');
    saveBaseline(file, { baseline: training, bins: 8 });
    const s = manual();
    const raw = s.feature('raw', { baseline: training, bins: 8 });
    const saved = s.feature('saved', { baseline: loadBaseline(file) });
    expect(saved.binSpec).toEqual(raw.binSpec);
    expect(saved.baselineSkipped).toBe(3);
    raw.observeMany(current);
    saved.observeMany(current);
    expect(saved.psi()).toBeCloseTo(raw.psi(), 12);
    const d = saved.drift();
    expect(d?.referenceSize).toBeCloseTo(1000, 9);
    expect(d?.pValue).toBeCloseTo(raw.drift()?.pValue as number, 9);
    expect(d?.verdict).toBe(raw.verdict());

    const series = await collect(s);
    const shares = (f: string) => find(series, METRICS.featureBaseline.name, { [F]: f }).map((x) => x.value);
    (shares('saved') as number[]).forEach((v, i) => expect(v).toBeCloseTo(shares('raw')[i] as number, 12));
    expect(shares('saved').at(-1)).toBe(1);
    expect(scalar(series, METRICS.featureBaselineSamples.name, { [F]: 'saved' })).toBe(1000);
  });

  it('gives a categorical feature the same categories, shares and n; numbers and booleans by their string form', async () => {
    const file = join(dir, 'carrier.json');
    saveBaseline(file, { kind: 'categorical', baseline: carriers, topK: 3 });
    const s = manual();
    const raw = s.feature('raw', { kind: 'categorical', baseline: carriers, topK: 3 });
    const saved = s.feature('saved', { kind: 'categorical', baseline: loadBaseline(file) });
    expect(saved.binSpec).toEqual({ kind: 'categorical', categories: ['AA', 'UA', '7'] }); // ties by string order
    expect(saved.baselineSkipped).toBe(1);
    for (const f of [raw, saved]) f.observeMany(['AA', 'WN', 'WN', 'UA', '7', 7, true]);
    expect(saved.psi()).toBeCloseTo(raw.psi(), 12);
    const series = await collect(s);
    for (const category of ['AA', 'UA', '7', '__other__']) {
      const share = (f: string) => scalar(series, METRICS.featureBaseline.name, { [F]: f, [LABEL.category]: category });
      expect(share('saved')).toBeCloseTo(share('raw'), 12);
    }
    expect(scalar(series, METRICS.featureBaselineSamples.name, { [F]: 'saved' })).toBe(10);
  });

  it('can be saved from a live feature handle, equal to the profile of its options', () => {
    const s = manual();
    const handle = s.feature('x', { baseline: training, edges: [1, 10, 100, 1000] });
    const { createdAt: _a, ...fromHandle } = baselineProfile(handle);
    const { createdAt: _b, ...fromOptions } = baselineProfile({ baseline: training, edges: [1, 10, 100, 1000] });
    expect(fromHandle).toEqual(fromOptions);
    const file = join(dir, 'nested', 'x.json');
    saveBaseline(file, handle);
    const again = s.feature('again', { baseline: loadBaseline(file) });
    expect(again.binSpec).toEqual(handle.binSpec);
  });

  it('is a documented, versioned JSON file: format, version, kind, bins, proportions and n', () => {
    const file = join(dir, 'format.json');
    saveBaseline(file, { baseline: [1, 2, 3, 4, 5, 6, 7, 8, null], edges: [2, 5] });
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(json).toEqual({
      format: BASELINE_FORMAT,
      version: BASELINE_VERSION,
      kind: 'numeric',
      edges: [2, 5],
      proportions: [2 / 8, 3 / 8, 3 / 8],
      n: 8,
      skipped: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    expect(BASELINE_VERSION).toBe(1);
  });

  it('accepts a hand-written profile (proportions that are not k/n) with its n', () => {
    const file = join(dir, 'hand.json');
    const profile = {
      format: 'sieve-baseline',
      version: 1,
      kind: 'numeric',
      edges: [0],
      proportions: [0.3, 0.7],
      n: 50,
    };
    writeFileSync(file, JSON.stringify(profile));
    const f = manual().feature('hand', { baseline: loadBaseline(file) });
    f.observeMany([-1, -1, -1, 1, 1, 1, 1, 1, 1, 1]);
    expect(f.psi()).toBeCloseTo(0, 12);
    expect(f.drift()?.referenceSize).toBeCloseTo(50, 9);
  });
});

describe('loading a bad profile fails at setup, naming the file and the field', () => {
  const write = (name: string, content: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const good = {
    format: 'sieve-baseline',
    version: 1,
    kind: 'numeric',
    edges: [1, 2],
    proportions: [0.5, 0.25, 0.25],
    n: 4,
  };

  it('refuses a newer version, saying which version it reads', () => {
    const file = write('newer.json', { ...good, version: 2 });
    expect(() => loadBaseline(file)).toThrow(
      `loadBaseline(${JSON.stringify(file)}): version: 2 is newer than this @sieve/otel-instrumentation reads (1)`
    );
  });

  it.each([
    ['unknown version', { ...good, version: 'one' }, /: version: expected 1, got "one"/],
    ['no version', { ...good, version: undefined }, /: version: expected 1, got none/],
    ['not a profile', { edges: [1] }, /: format: expected "sieve-baseline"/],
    ['proportions of the wrong length', { ...good, proportions: [0.5, 0.5] }, /: proportions: needs one entry per bin/],
    ['proportions that do not sum to 1', { ...good, proportions: [0.5, 0.5, 0.5] }, /: proportions: must sum to 1/],
    ['no sample count', { ...good, n: undefined }, /: n: /],
    ['a fractional sample count', { ...good, n: 2.5 }, /: n: /],
    ['decreasing edges', { ...good, edges: [2, 1] }, /: edges: must be strictly increasing/],
    ['an unknown kind', { ...good, kind: 'ordinal' }, /: kind: /],
    ['an unknown field', { ...good, bins: 3 }, /bins/],
    [
      'more categories than topK allows',
      { ...good, kind: 'categorical', edges: undefined, categories: Array.from({ length: 1001 }, String) },
      /: categories: Too big/i,
    ],
    [
      'duplicate categories',
      { ...good, kind: 'categorical', edges: undefined, categories: ['a', 'a'], proportions: [0.5, 0.5, 0] },
      /: categories: has duplicates/,
    ],
  ])('%s', (_what, content, message) => {
    const file = write('bad.json', content);
    expect(() => loadBaseline(file)).toThrow(`loadBaseline(${JSON.stringify(file)})`);
    expect(() => loadBaseline(file)).toThrow(message);
  });

  it('says when the file is missing or not JSON', () => {
    expect(() => loadBaseline(join(dir, 'none.json'))).toThrow(/none\.json"\): cannot read a JSON profile: ENOENT/);
    expect(() => loadBaseline(write('text.json', 'not json'))).toThrow(/text\.json"\): cannot read a JSON profile/);
  });
});

describe('a profile given to feature()', () => {
  const numeric = baselineProfile({ baseline: training });
  const categorical = baselineProfile({ kind: 'categorical', baseline: carriers });

  it('must match the kind of the feature', () => {
    expect(() => manual().feature('c', { baseline: categorical })).toThrow(
      /feature\("c"\): options\.baseline\.kind: a categorical profile; add kind: 'categorical'/
    );
    expect(() => manual().feature('n', { kind: 'categorical', baseline: numeric })).toThrow(
      /options\.baseline\.kind: a numeric profile/
    );
  });

  it('brings its own bins: bins, edges and topK are refused', () => {
    expect(() => manual().feature('n', { baseline: numeric, bins: 4 })).toThrow(/options\.baseline: a saved profile/);
    expect(() => manual().feature('c', { kind: 'categorical', baseline: categorical, topK: 2 })).toThrow(
      /options\.baseline: a saved profile brings its own categories/
    );
  });

  it('is validated field by field when built by hand', () => {
    expect(() => manual().feature('n', { baseline: { ...numeric, n: 0 } })).toThrow(/options\.baseline\.n: /);
    expect(() => manual().feature('n', { baseline: { ...numeric, proportions: [1] } })).toThrow(
      /options\.baseline\.proportions: needs one entry per bin/
    );
  });

  it('refuses more edges than a profile holds, at setup, so a saved profile always loads back', () => {
    const values = Array.from({ length: 2000 }, (_, i) => i);
    const tooMany = Array.from({ length: 1000 }, (_, i) => i + 0.5); // 1001 bins; a profile has at most 1000
    const file = join(dir, 'too-many-edges.json');
    expect(() => saveBaseline(file, { baseline: values, edges: tooMany })).toThrow(
      /saveBaseline\(".*too-many-edges\.json"\): source\.edges: .*999/
    );
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    expect(() => manual().feature('x', { baseline: values, edges: tooMany })).toThrow(
      /feature\("x"\): options\.edges: .*999/
    );
    // The most a profile holds: saved, loaded back, and given to a feature.
    const most = tooMany.slice(1);
    saveBaseline(file, { baseline: values, edges: most });
    expect(loadBaseline(file).kind).toBe('numeric');
    expect(() => manual().feature('x', { baseline: loadBaseline(file) })).not.toThrow();
  });

  it('saveBaseline writes nothing that loadBaseline would refuse', () => {
    const file = join(dir, 'bad-handle.json');
    const bad = { ...baselineProfile({ baseline: [1, 2, 3], edges: [2] }), proportions: [0.5, 0.6] };
    const handle = { baselineProfile: () => bad } as unknown as Parameters<typeof saveBaseline>[1];
    expect(() => saveBaseline(file, handle)).toThrow(/would not load back: proportions: must sum to 1/);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  it('saveBaseline names its own argument for bad raw values', () => {
    expect(() => saveBaseline(join(dir, 'empty.json'), { baseline: [null, NaN] })).toThrow(
      /saveBaseline\(".*empty\.json"\): source\.baseline has no finite number/
    );
  });
});
