import { RollingWindow } from '../src/feature/rollingWindow.ts';

const counts = (...c: number[]) => Float64Array.from(c);

describe('RollingWindow', () => {
  it('covers everything since creation until the process is one window old', () => {
    const w = new RollingWindow(1000, 2, 0);
    expect([...w.countsAt(counts(3, 4), 500)]).toEqual([3, 4]);
  });

  it('subtracts the oldest snapshot inside the window', () => {
    const w = new RollingWindow(1000, 2, 0);
    w.snapshot(counts(1, 0), 100); // spacing is 1000 / 16 = 62.5 ms
    w.snapshot(counts(5, 0), 600);
    w.snapshot(counts(6, 0), 900);
    // Window (400, 1400]: starts at the snapshot taken at 600.
    expect([...w.countsAt(counts(9, 2), 1400)]).toEqual([4, 2]);
    // Window (1100, 2100]: the read at 1400 is the oldest snapshot inside it.
    expect([...w.countsAt(counts(10, 2), 2100)]).toEqual([1, 0]);
  });

  it('does not go empty when reads are sparser than the window', () => {
    const w = new RollingWindow(1000, 1, 0);
    expect([...w.countsAt(counts(2), 5000)]).toEqual([2]);
    expect([...w.countsAt(counts(7), 9000)]).toEqual([5]);
  });

  it('is empty when nothing arrived during the window', () => {
    const w = new RollingWindow(1000, 1, 0);
    for (let t = 100; t <= 3000; t += 100) w.countsAt(counts(4), t);
    expect([...w.countsAt(counts(4), 3100)]).toEqual([0]);
  });

  it('ignores snapshots closer than the spacing, so memory stays bounded', () => {
    const w = new RollingWindow(1600, 1, 0); // spacing 100 ms
    for (let t = 1; t < 100_000; t += 7) {
      w.snapshot(counts(t), t);
      expect(w.size).toBeLessThanOrEqual(18);
    }
    w.countsAt(counts(100_000), 100_000);
    expect(w.size).toBeLessThanOrEqual(18);
  });
});
