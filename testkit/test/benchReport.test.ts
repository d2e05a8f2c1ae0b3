import { interleavedMedians, medianMs } from '../src/benchReport.ts';

describe('benchmark timing helpers', () => {
  it('interleavedMedians alternates contenders, drops two warm-up rounds and takes each median', async () => {
    const calls: string[] = [];
    const feed = (name: string, values: number[]) => async () => {
      calls.push(name);
      return values.shift()!;
    };
    const m = await interleavedMedians({ a: feed('a', [900, 900, 3, 1, 2]), b: feed('b', [900, 900, 10, 40, 20]) }, 3);
    expect(m).toEqual({ a: 2, b: 20 });
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('medianMs calls fn warmup + runs times and returns a time', () => {
    let calls = 0;
    const ms = medianMs(() => void calls++, 5, 2);
    expect(calls).toBe(7);
    expect(ms).toBeGreaterThanOrEqual(0);
  });
});
