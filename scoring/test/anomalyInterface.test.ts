import { createDetector, DEFAULT_DETECTOR, DETECTORS, scoreSeries } from '../src/index.ts';

describe('anomaly interface', () => {
  it('zscore flags a spike and batch equals streaming', () => {
    const n = 300;
    const t = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const v = Float64Array.from({ length: n }, (_, i) => 10 + Math.sin(i / 5) + (i === 250 ? 30 : 0));
    const batch = scoreSeries('zscore', undefined, t, v);
    const d = createDetector('zscore');
    for (let i = 0; i < n; i++) {
      const p = d.update(t[i]!, v[i]!);
      expect(p.score).toBe(batch.score[i]);
    }
    expect(batch.anomaly[250]).toBe(1);
    expect(DETECTORS[DEFAULT_DETECTOR]).toBeDefined();
  });
  it('rejects a bad parameter by name', () => {
    expect(() => createDetector('zscore', { window: -1 })).toThrow(/window/);
    expect(() => createDetector('zscore', { bogus: 1 })).toThrow(/bogus/);
  });
});
