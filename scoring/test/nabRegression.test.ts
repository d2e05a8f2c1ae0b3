/**
 * NAB regression on the shared subset (../shared/data/nab from the repository root): the scorer
 * on the real label files, and the default detector's scores. The full table (all detectors) is
 * `npm run bench:nab -w scoring`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultNabDirectory, describeCorpus, loadNabCorpus, loadNabProfiles } from '../bench/nabDirectory.ts';
import { DEFAULT_DETECTOR } from '../src/anomaly/index.ts';
import {
  evaluateDetector,
  leaveOneCategoryOut,
  NAB_PROFILES,
  scoreAtThreshold,
  scoreCorpus,
} from '../src/nab/index.ts';

const DATA = defaultNabDirectory();
const present = existsSync(join(DATA, 'labels/combined_windows.json'));
if (!present) console.warn(`NAB regression skipped: no NAB data at ${DATA}`);
const describeIfData = present ? describe : describe.skip;

describe('NAB data directory', () => {
  it('SIEVE_NAB_DATA pointing at a missing folder is an error, not a fallback', () => {
    expect(() => defaultNabDirectory({ SIEVE_NAB_DATA: '/no/such/nab' })).toThrow(
      /SIEVE_NAB_DATA=\/no\/such\/nab: no NAB data/
    );
    expect(() => loadNabCorpus('/no/such/nab')).toThrow(/no NAB data at \/no\/such\/nab/);
  });
  it('says "subset" or "full corpus" from what it read', () => {
    const files = (categories: number, perCategory: number) =>
      Array.from({ length: categories * perCategory }, (_, i) => ({ name: `c${i % categories}/f${i}.csv` }));
    expect(describeCorpus(files(4, 9))).toBe('subset (36 of 58 files, 4 of 7 categories)');
    expect(describeCorpus(files(7, 9))).toBe('full corpus');
  });
});

describeIfData('NAB on the shared subset', () => {
  const corpus = present ? loadNabCorpus(DATA) : [];

  it('reads the subset as documented: 35 files, 55 windows, all scorable', () => {
    expect(corpus.length).toBe(35);
    expect(corpus.reduce((s, f) => s + f.rows.totalWindows, 0)).toBe(55);
    expect(corpus.reduce((s, f) => s + f.rows.scorableWindows, 0)).toBe(55);
    expect(loadNabProfiles(DATA)).toEqual(NAB_PROFILES);
  });

  it('the perfect detector scores 100 and the null detector 0 under every profile', () => {
    const perfect = corpus.map((f) => {
      const scores = new Float64Array(f.values.length);
      let last = -2;
      for (let r = 0; r < scores.length; r++) {
        const w = f.rows.window[r]!;
        if (w >= 0 && w !== last) scores[r] = 1; // left edge of each window
        last = w;
      }
      return { rows: f.rows, scores };
    });
    const nothing = corpus.map((f) => ({ rows: f.rows, scores: new Float64Array(f.values.length) }));
    for (const costs of Object.values(NAB_PROFILES)) {
      expect(scoreCorpus(perfect, costs).normalised).toBeCloseTo(100, 9);
      expect(scoreCorpus(nothing, costs).normalised).toBe(0);
    }
  });

  it('alarming on every row scores far below null', () => {
    const all = corpus.map((f) => ({ rows: f.rows, scores: new Float64Array(f.values.length).fill(1) }));
    const r = scoreAtThreshold(all, NAB_PROFILES.standard, 1);
    expect(r.detectedWindows).toBe(55);
    expect(r.score).toBeLessThan(-1000);
  });

  it(`the default detector (${DEFAULT_DETECTOR}) keeps its recorded scores (73.3 / 66.5 / 78.0)`, () => {
    const ev = evaluateDetector(corpus, DEFAULT_DETECTOR, undefined, NAB_PROFILES);
    expect(ev.results.standard.normalised).toBeGreaterThanOrEqual(72);
    expect(ev.results.reward_low_FP_rate.normalised).toBeGreaterThanOrEqual(65);
    expect(ev.results.reward_low_FN_rate.normalised).toBeGreaterThanOrEqual(76);
    expect(ev.results.standard.normalised).toBeCloseTo(73.3, 0);
    // Leave one category out: the threshold tuned on the other categories still holds on each.
    const loco = leaveOneCategoryOut(
      corpus.map((f, i) => ({ rows: f.rows, scores: ev.scores[i]!, category: f.name.split('/')[0]! })),
      NAB_PROFILES.standard
    );
    expect(loco.normalised).toBeGreaterThanOrEqual(65);
    expect(loco.minFold).toBeGreaterThanOrEqual(55);
    expect(loco.folds.map((f) => f.category)).toEqual(['artificialWithAnomaly', 'realAWSCloudwatch', 'realKnownCause']);
  });
});
