import {
  formatNabTimestamp,
  labelRows,
  NAB_PROFILES,
  normaliseScore,
  OUTSIDE,
  optimiseThreshold,
  parseNabCsv,
  parseNabTimestamp,
  parseProfiles,
  parseWindowsJson,
  PROBATION,
  probationLength,
  scaledSigmoid,
  scoreAtThreshold,
  scoreCorpus,
  sweepThresholds,
} from '../src/nab/index.ts';

// Expected values below were computed by hand with Python's math module from NAB's definitions
// (nab/sweeper.py): scaledSigmoid(y) = 2 / (1 + exp(5y)) - 1, -1 beyond y = 3.
const MAX_TP = 0.9866142981514305; // scaledSigmoid(-1)

const MIN = 60_000;
/** 20 one-minute rows, one window over rows 10..13. Probation = floor(0.15 · 20) = 3 rows. */
const t20 = Float64Array.from({ length: 20 }, (_, i) => i * MIN);
const rows20 = labelRows(t20, [{ startMs: 10 * MIN, endMs: 13 * MIN }]);

describe('NAB scaled sigmoid and probation', () => {
  it('matches the documented values', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(MAX_TP, 15);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.8482836399575131, 15);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1 / 3)).toBeCloseTo(-0.6822617902381697, 15);
    // NAB's sweeper: `if relativePositionInWindow > 3.0: -1.0`, so y = 3 is still 2·sigmoid(-15) - 1.
    expect(scaledSigmoid(3)).toBe(2 * (1 / (1 + Math.exp(15))) - 1);
    expect(scaledSigmoid(3)).toBeCloseTo(-0.9999994, 7);
    expect(scaledSigmoid(3 + 1e-12)).toBe(-1);
    expect(scaledSigmoid(10)).toBe(-1);
  });

  it('probation is floor(15 %) of the rows, capped at 750', () => {
    expect(probationLength(20)).toBe(3);
    expect(probationLength(4032)).toBe(604);
    expect(probationLength(22695)).toBe(750);
  });
});

describe('labelRows', () => {
  it('assigns probation, window and outside rows with their sigmoid weights', () => {
    expect(Array.from(rows20.window.subarray(0, 3))).toEqual([PROBATION, PROBATION, PROBATION]);
    expect(Array.from(rows20.window.subarray(3, 10))).toEqual(new Array(7).fill(OUTSIDE));
    expect(Array.from(rows20.window.subarray(10, 14))).toEqual([0, 0, 0, 0]);
    expect(rows20.window[14]).toBe(OUTSIDE);
    // Inside: position -(right - i + 1) / width, divided by the left-edge value.
    expect(rows20.sigmoid[10]).toBeCloseTo(1, 15);
    expect(rows20.sigmoid[11]).toBeCloseTo(0.9669890878000605, 15);
    expect(rows20.sigmoid[13]).toBeCloseTo(0.5621241486044827, 15);
    // Before any window: -1. After: distance past the right edge / (width - 1).
    expect(rows20.sigmoid[5]).toBe(-1);
    expect(rows20.sigmoid[14]).toBeCloseTo(-0.6822617902381697, 15);
    expect(Array.from(rows20.label)).toEqual(Array.from({ length: 20 }, (_, i) => (i >= 10 && i <= 13 ? 1 : 0)));
    expect(rows20.scorableWindows).toBe(1);
    expect(rows20.totalWindows).toBe(1);
  });

  it('does not score a window that lies inside probation', () => {
    const r = labelRows(t20, [{ startMs: 0, endMs: MIN }]);
    expect(r.scorableWindows).toBe(0);
    expect(r.totalWindows).toBe(1);
  });

  it('rejects overlapping or inverted windows', () => {
    expect(() => labelRows(t20, [{ startMs: 5, endMs: 1 }])).toThrow(/window 0 ends before/);
    expect(() =>
      labelRows(t20, [
        { startMs: 0, endMs: 5 * MIN },
        { startMs: 5 * MIN, endMs: 6 * MIN },
      ])
    ).toThrow(/window 1 overlaps/);
  });
});

describe('threshold sweep', () => {
  // Detections: row 11 (in the window) 0.9, row 5 (before it) 0.8, row 14 (after it) 0.7.
  const scores = new Float64Array(20);
  scores[11] = 0.9;
  scores[5] = 0.8;
  scores[14] = 0.7;
  const files = [{ rows: rows20, scores }];
  const std = NAB_PROFILES.standard;

  it('scores each candidate threshold as NAB does', () => {
    const sweep = sweepThresholds(files, std);
    expect(sweep.map((s) => s.threshold)).toEqual([Infinity, 0.9, 0.8, 0.7, 0]);
    const expected = [-1, 0.9669890878000605, 0.8569890878000606, 0.7819402908738619, -0.385655946990477];
    sweep.forEach((s, i) => expect(s.score).toBeCloseTo(expected[i]!, 12));
    expect(sweep[3]).toMatchObject({ detectedWindows: 1, missedWindows: 0, falsePositives: 2 });
    // Probation rows are never counted, even at threshold 0 (17 scorable rows, 4 in the window).
    expect(sweep[4]).toMatchObject({ detectedWindows: 1, falsePositives: 13 });
  });

  it('picks the best threshold and normalises against null (-1) and perfect (+1)', () => {
    const best = optimiseThreshold(files, std);
    expect(best.threshold).toBe(0.9);
    const r = scoreCorpus(files, std);
    expect(r.nullScore).toBe(-1);
    expect(r.perfectScore).toBe(1);
    expect(r.normalised).toBeCloseTo(98.34945439000302, 10);
    expect(normaliseScore(-1, -1, 1)).toBe(0);
    expect(normaliseScore(1, -1, 1)).toBe(100);
  });

  it('the low-FN profile doubles the cost of a miss; low-FP doubles the cost of a false positive', () => {
    const none = new Float64Array(20);
    expect(sweepThresholds([{ rows: rows20, scores: none }], NAB_PROFILES.reward_low_FN_rate)[0]!.score).toBe(-2);
    const at08 = scoreAtThreshold(files, NAB_PROFILES.reward_low_FP_rate, 0.8);
    expect(at08.score).toBeCloseTo(0.9669890878000605 - 0.22, 12);
  });

  it('rejects scores that do not match the rows, naming the file', () => {
    expect(() => sweepThresholds([{ rows: rows20, scores: new Float64Array(3) }], std)).toThrow(
      /files\[0\]: 3 scores for 20 rows/
    );
  });

  it('scoreAtThreshold uses the candidate at or just above the threshold', () => {
    expect(scoreAtThreshold(files, std, 0.85).threshold).toBe(0.9);
    expect(scoreAtThreshold(files, std, 2).threshold).toBe(Infinity);
  });
});

describe('NAB text formats', () => {
  it('parses timestamps as UTC, with or without fractional seconds, and formats them back', () => {
    expect(parseNabTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseNabTimestamp('2014-04-10 07:15:00')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(formatNabTimestamp(Date.UTC(2014, 3, 10, 7, 15))).toBe('2014-04-10 07:15:00');
    expect(() => parseNabTimestamp('10/04/2014')).toThrow(/bad NAB timestamp/);
  });

  it('parses a CSV, turning empty values into NaN, and names a bad line', () => {
    const s = parseNabCsv('timestamp,value\n2014-01-01 00:00:00,1.5\n2014-01-01 00:05:00,\n');
    expect(Array.from(s.values)).toEqual([1.5, NaN]);
    expect(() => parseNabCsv('time,value\n')).toThrow(/header/);
    expect(() => parseNabCsv('timestamp,value\nnope\n')).toThrow(/line 2/);
  });

  it('validates windows and profiles, naming the bad field', () => {
    const w = parseWindowsJson({ 'a/b.csv': [['2014-01-01 00:00:00.000000', '2014-01-02 00:00:00.000000']] });
    expect(w.get('a/b.csv')).toEqual([{ startMs: Date.UTC(2014, 0, 1), endMs: Date.UTC(2014, 0, 2) }]);
    expect(() => parseWindowsJson({ 'a/b.csv': [['x']] })).toThrow(/a\/b\.csv.*\[0\]/);
    const good = Object.fromEntries(Object.entries(NAB_PROFILES).map(([k, v]) => [k, { CostMatrix: v }]));
    expect(parseProfiles(good)).toEqual(NAB_PROFILES);
    expect(() =>
      parseProfiles({ ...good, standard: { CostMatrix: { ...NAB_PROFILES.standard, fpWeight: -1 } } })
    ).toThrow(/standard\.CostMatrix\.fpWeight/);
  });
});
