/**
 * NAB regression on the shared subset (../shared/data/nab from the repository root): the scorer
 * on the real label files, and the default detector's scores. The full table (all detectors) is
 * `npm run bench:nab -w scoring`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultNabDirectory, loadNabCorpus, loadNabProfiles } from '../bench/nabDirectory.ts';
import { DEFAULT_DETECTOR } from '../src/anomaly/index.ts';
import { evaluateDetector, NAB_PROFILES, scoreAtThreshold, scoreCorpus } from '../src/nab/index.ts';

const DATA = defaultNabDirectory();
const present = existsSync(join(DATA, 'labels/combined_windows.json'));
if (!present) console.warn(`NAB regression skipped: no NAB data at ${DATA}`);
const describeIfData = present ? describe : describe.skip;

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

  it(`the default detector (${DEFAULT_DETECTOR}) keeps its recorded scores (73.4 / 66.7 / 78.1)`, () => {
    const ev = evaluateDetector(corpus, DEFAULT_DETECTOR, undefined, NAB_PROFILES);
    expect(ev.results.standard.normalised).toBeGreaterThanOrEqual(72);
    expect(ev.results.reward_low_FP_rate.normalised).toBeGreaterThanOrEqual(65);
    expect(ev.results.reward_low_FN_rate.normalised).toBeGreaterThanOrEqual(76);
    expect(ev.results.standard.normalised).toBeCloseTo(73.4, 0);
  });
});
