/** leaveOneCategoryOut on hand-made files: thresholds come from the other categories only. */
import { labelRows, leaveOneCategoryOut, NAB_PROFILES } from '../src/nab/index.ts';

const MINUTE = 60_000;
/** 1,000 rows with one window around row 600 (rows 550–649). */
function file(category: string, peakRow: number, peak: number, noise: number) {
  const t = Float64Array.from({ length: 1000 }, (_, i) => i * MINUTE);
  const rows = labelRows(t, [{ startMs: 550 * MINUTE, endMs: 649 * MINUTE }]);
  const scores = Float64Array.from({ length: 1000 }, (_, i) => (i === peakRow ? peak : i % 97 === 0 ? noise : 0));
  return { category, rows, scores };
}

describe('leaveOneCategoryOut', () => {
  it('scores each category at the threshold tuned on the others and pools the raw scores', () => {
    // Category a peaks at 0.9 over noise at 0.5; b peaks at 0.6 over noise at 0.3. b's best threshold
    // (0.6) works on a; a's (0.9) misses b's peak: b's fold scores 0 while b tuned on itself is ~100.
    const files = [file('a', 560, 0.9, 0.5), file('b', 560, 0.6, 0.3)];
    const loco = leaveOneCategoryOut(files, NAB_PROFILES.standard);
    const a = loco.folds.find((f) => f.category === 'a');
    const b = loco.folds.find((f) => f.category === 'b');
    expect(a?.threshold).toBe(0.6); // from b
    expect(a?.detectedWindows).toBe(1);
    expect(a?.falsePositives).toBe(0);
    expect(b?.threshold).toBe(0.9); // from a: b's peak (0.6) is missed
    expect(b?.detectedWindows).toBe(0);
    expect(b?.normalised).toBe(0);
    expect(b?.ownNormalised).toBeGreaterThan(90);
    expect(loco.minFold).toBe(0);
    expect(loco.normalised).toBeCloseTo(((a?.normalised ?? 0) + 0) / 2, 9);
  });

  it('needs two categories with windows', () => {
    expect(() => leaveOneCategoryOut([file('a', 560, 0.9, 0)], NAB_PROFILES.standard)).toThrow(/≥ 2 categories/);
  });
});
