import { seededRandom } from '@sieve/testkit';
import { createDetector, DEFAULT_DETECTOR, DETECTORS, scoreSeries } from '../src/index.ts';
import type { DetectorName, StreamingDetector } from '../src/index.ts';

const NAMES = Object.keys(DETECTORS) as DetectorName[];
const MINUTE = 60_000;

/** A noisy daily cycle at a 5-minute cadence, with irregular jitter and a few gaps. */
function dailySeries(days: number, seed = 1, amplitude = 20): { t: Float64Array; v: Float64Array } {
  const rand = seededRandom(seed);
  const t: number[] = [];
  const v: number[] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < days * 288; i++) {
    if (i % 1000 >= 990) continue; // a 50-minute gap now and then
    const ts = start + i * 5 * MINUTE + Math.round(rand() * 20_000);
    t.push(ts);
    v.push(50 + amplitude * Math.sin((2 * Math.PI * i) / 288) + 2 * (rand() - 0.5));
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v) };
}

/** A fresh detector that has seen the first `n` points. */
function warmed(name: DetectorName, t: Float64Array, v: Float64Array, n: number): StreamingDetector {
  const d = createDetector(name);
  for (let i = 0; i < n; i++) d.update(t[i]!, v[i]!);
  return d;
}

describe.each(NAMES)('%s detector', (name) => {
  it('batch output equals streaming output, including NaNs, gaps and late points', () => {
    const { t, v } = dailySeries(10, 3);
    v[500] = NaN;
    v[501] = Infinity;
    v[1800] += 60;
    t[2000] = t[1990]! - 10 * MINUTE; // a late point
    const batch = scoreSeries(name, undefined, t, v);
    const d = createDetector(name);
    for (let i = 0; i < v.length; i++) {
      const p = d.update(t[i]!, v[i]!);
      expect([p.score, p.expected, p.lower, p.upper, p.anomaly ? 1 : 0]).toEqual([
        batch.score[i],
        batch.expected[i],
        batch.lower[i],
        batch.upper[i],
        batch.anomaly[i],
      ]);
    }
  });

  it('scores in [0, 1], keeps lower <= expected <= upper, and flags only at score >= alarm', () => {
    const { t, v } = dailySeries(10, 4);
    for (let i = 2000; i < 2100; i++) v[i] += 40; // a level shift
    const r = scoreSeries(name, undefined, t, v);
    const alarm = DETECTORS[name].params['alarm']!.default;
    for (let i = 0; i < v.length; i++) {
      expect(r.score[i]).toBeGreaterThanOrEqual(0);
      expect(r.score[i]).toBeLessThanOrEqual(1);
      expect(r.anomaly[i]).toBe(r.score[i]! >= alarm ? 1 : 0);
      if (!Number.isNaN(r.expected[i])) {
        expect(r.lower[i]).toBeLessThanOrEqual(r.expected[i]!);
        expect(r.upper[i]).toBeGreaterThanOrEqual(r.expected[i]!);
      }
    }
  });

  it('a NaN yields score 0, no flag, and leaves the state as if the point were absent', () => {
    const { t, v } = dailySeries(8, 5);
    const withNaN = Float64Array.from(v);
    withNaN[1500] = NaN;
    const a = scoreSeries(name, undefined, t, withNaN);
    const keep = (_: number, i: number) => i !== 1500;
    const b = scoreSeries(name, undefined, t.filter(keep), v.filter(keep));
    expect(a.score[1500]).toBe(0);
    expect(a.anomaly[1500]).toBe(0);
    expect(Array.from(a.score.subarray(1501))).toEqual(Array.from(b.score.subarray(1500)));
    expect(Array.from(a.expected.subarray(1501))).toEqual(Array.from(b.expected.subarray(1500)));
  });

  it('a NaN with a future timestamp does not move the clock for the points after it', () => {
    const { t, v } = dailySeries(4, 13);
    const a = warmed(name, t, v, 1000);
    const b = warmed(name, t, v, 1000);
    a.update(t[999]! + 10 * 3_600_000, NaN);
    for (let i = 1000; i < 1010; i++) expect(a.update(t[i]!, v[i]!)).toEqual(b.update(t[i]!, v[i]!));
  });

  it('scores a late point as if it arrived at the latest timestamp seen', () => {
    const { t, v } = dailySeries(4, 12);
    const a = warmed(name, t, v, 1000);
    const b = warmed(name, t, v, 1000);
    expect(a.update(t[999]! - 3_600_000, v[1000]!)).toEqual(b.update(t[999]!, v[1000]!));
    expect(a.update(t[1001]!, v[1001]!)).toEqual(b.update(t[1001]!, v[1001]!));
  });

  it('rejects an unknown or out-of-range parameter by name, and a non-finite timestamp', () => {
    expect(() => createDetector(name, { nonsense: 1 })).toThrow(/nonsense/);
    expect(() => createDetector(name, { alarm: 2 })).toThrow(/alarm.*\[0, 1\]/);
    expect(() => createDetector(name, { cooldown: NaN })).toThrow(/cooldown/);
    expect(() => createDetector(name).update(NaN, 1)).toThrow(/timestamp/);
  });

  it('declares defaults inside their ranges, and accepts every declared parameter', () => {
    const params: Record<string, number> = {};
    for (const [key, spec] of Object.entries(DETECTORS[name].params)) {
      expect(spec.default).toBeGreaterThanOrEqual(spec.min);
      expect(spec.default).toBeLessThanOrEqual(spec.max);
      expect(spec.description.length).toBeGreaterThan(10);
      params[key] = spec.default;
    }
    const { t, v } = dailySeries(3, 6);
    expect(scoreSeries(name, params, t, v).score).toEqual(scoreSeries(name, undefined, t, v).score);
  });
});

describe('detection behaviour', () => {
  it('every detector scores a lone spike on a quiet series well above the quiet day before it', () => {
    const { t, v } = dailySeries(10, 7, 0);
    v[2300] += 20;
    for (const name of NAMES) {
      const r = scoreSeries(name, undefined, t, v);
      const atSpike = Math.max(...r.score.subarray(2300, 2310));
      const quiet = Math.max(...r.score.subarray(2000, 2299));
      expect({ name, ok: atSpike > 0.3 && atSpike > 1.5 * quiet }).toEqual({ name, ok: true });
    }
  });

  it('the default detector flags a lone spike on a quiet and on a daily-cycle series', () => {
    for (const amplitude of [0, 20]) {
      const { t, v } = dailySeries(10, 7, amplitude);
      v[2300] += 20;
      const r = scoreSeries(DEFAULT_DETECTOR, undefined, t, v);
      expect(Math.max(...r.anomaly.subarray(2300, 2305))).toBe(1);
      expect(Math.max(...r.anomaly.subarray(1000, 2299))).toBe(0);
    }
  });

  it('the seasonal detector expects the daily pattern; the z-score detector does not', () => {
    const { t, v } = dailySeries(10, 8);
    const s = scoreSeries('seasonal', undefined, t, v);
    const z = scoreSeries('zscore', undefined, t, v);
    const i = 2200; // day 7+: both references exist
    const truth = v[i]!;
    expect(Math.abs(s.expected[i]! - truth)).toBeLessThan(4);
    expect(s.lower[i]).toBeLessThanOrEqual(truth);
    expect(s.upper[i]).toBeGreaterThanOrEqual(truth);
    // The rolling median lags the 20-unit daily swing.
    expect(
      Math.max(...Array.from({ length: 288 }, (_, k) => Math.abs(z.expected[i + k]! - v[i + k]!)))
    ).toBeGreaterThan(10);
  });

  it('the ensemble shows the forecast of its best recent member (seasonal on a daily cycle)', () => {
    const { t, v } = dailySeries(10, 8);
    const e = scoreSeries('ensemble', undefined, t, v);
    const s = scoreSeries('seasonal', undefined, t, v);
    for (let i = 2200; i < 2488; i += 12) {
      expect(Math.abs(e.expected[i]! - v[i]!)).toBeLessThan(6);
    }
    expect(e.expected[2300]).toBe(s.expected[2300]);
  });

  it('the seasonal detector flags a day whose pattern breaks (flat where it should rise)', () => {
    const { t, v } = dailySeries(12, 9);
    for (let i = 288 * 9; i < 288 * 9 + 144; i++) v[i] = 50; // a flat half day at the mean
    const r = scoreSeries('seasonal', undefined, t, v);
    expect(Math.max(...r.score.subarray(288 * 9 - 80, 288 * 9 + 144))).toBeGreaterThanOrEqual(0.5);
  });

  it('after an alarm, the refractory period damps repeated alarms for the same incident', () => {
    const { t, v } = dailySeries(10, 10);
    for (let i = 2000; i < 2400; i++) v[i] += 60; // a long level shift
    const r = scoreSeries('zscore', undefined, t, v);
    let alarms = 0;
    for (let i = 2000; i < 2400; i++) alarms += r.anomaly[i]!;
    expect(alarms).toBe(1);
  });

  it('handles flat, constant and tiny series without NaN scores or hangs', () => {
    for (const name of NAMES) {
      const n = 3000;
      const t = Float64Array.from({ length: n }, (_, i) => i * MINUTE);
      const flat = new Float64Array(n).fill(3);
      const r = scoreSeries(name, undefined, t, flat);
      expect(r.score.every((s) => s === 0)).toBe(true);
      const one = scoreSeries(name, undefined, [0], [1]);
      expect(one.score[0]).toBe(0);
      expect(scoreSeries(name, undefined, [], []).score.length).toBe(0);
    }
  });

  it('rejects mismatched batch lengths and unknown detectors', () => {
    expect(() => scoreSeries('zscore', undefined, [1, 2], [1])).toThrow(/timestampsMs has 2.*values has 1/);
    expect(() => createDetector('nope' as DetectorName)).toThrow(/unknown detector "nope"/);
  });

  it('the default detector rarely alarms on anomaly-free series at other cadences', () => {
    const rand = seededRandom(5);
    const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    const cases: [string, number, number, (i: number) => number][] = [
      ['hourly, daily season', 3_600_000, 1600, (i) => 100 + 30 * Math.sin((2 * Math.PI * i) / 24) + 5 * gauss()],
      [
        '5-minute counts',
        300_000,
        15_000,
        (i) => Math.round(Math.max(0, 20 + 15 * Math.sin((2 * Math.PI * i) / 288) + 4 * gauss())),
      ],
      ['1-minute noise', 60_000, 10_000, () => 7 + gauss()],
    ];
    for (const [label, step, n, f] of cases) {
      const t = Float64Array.from({ length: n }, (_, i) => i * step);
      const v = Float64Array.from({ length: n }, (_, i) => f(i));
      const alarms = scoreSeries(DEFAULT_DETECTOR, undefined, t, v).anomaly.reduce((a, b) => a + b, 0);
      expect({ label, ok: alarms <= n / 1000 }).toEqual({ label, ok: true });
    }
  });

  it('the default detector is the ensemble and accepts member parameters', () => {
    expect(DEFAULT_DETECTOR).toBe('ensemble');
    const { t, v } = dailySeries(3, 11);
    const a = scoreSeries('ensemble', { 'zscore.window': 101 }, t, v);
    const b = scoreSeries('ensemble', undefined, t, v);
    expect(a.score).not.toEqual(b.score);
    expect(() => createDetector('ensemble', { 'zscore.window': 1 })).toThrow(/zscore\.window/);
  });
});
