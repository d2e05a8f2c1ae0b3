import { formatDuration, parseDuration } from '../../backend/src/datasource/duration.ts';

describe('Prometheus durations', () => {
  it('parses compound durations with Prometheus units', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
    expect(parseDuration('1y')).toBe(31_536_000_000);
    for (const bad of ['', '5', '-5m', '5 m', '1.5h', 'm5', '5M']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('formats milliseconds as the shortest exact duration and round-trips', () => {
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(90_061_001)).toBe('1d1h1m1s1ms');
    for (const ms of [1000, 300_000, 604_800_000 + 1000, 31_536_000_000 * 2]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    expect(() => formatDuration(0)).toThrow();
  });
});
