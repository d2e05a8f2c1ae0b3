import { Refractory } from '../src/anomaly/refractory.ts';

describe('Refractory', () => {
  it('passes scores through until an alarm, then damps the next `cooldown` points linearly', () => {
    const r = new Refractory(0.5, 4);
    expect(r.apply(0.3)).toBe(0.3);
    expect(r.apply(0.8)).toBe(0.8); // the alarm
    // The 4 points after it: × 0, 1/4, 2/4, 3/4; then full strength again.
    const next = Array.from({ length: 5 }, () => r.apply(0.6));
    expect(next).toEqual([0, 0.15, 0.3, 0.44999999999999996, 0.6]);
  });

  it('restarts the cooldown when a damped score still reaches the alarm', () => {
    const r = new Refractory(0.5, 2);
    expect(r.apply(1)).toBe(1);
    expect(r.apply(1)).toBe(0);
    expect(r.apply(1)).toBe(0.5); // damped by 1/2, but 0.5 ≥ alarm: a new alarm
    expect(r.apply(1)).toBe(0);
  });

  it('with cooldown 0 never damps', () => {
    const r = new Refractory(0.5, 0);
    expect([r.apply(0.9), r.apply(0.9), r.apply(0.9)]).toEqual([0.9, 0.9, 0.9]);
  });
});
