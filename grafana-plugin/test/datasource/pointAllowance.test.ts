import { PointAllowance } from '../../backend/src/datasource/pointAllowance.ts';

describe('PointAllowance', () => {
  it('takes points while they fit, and nothing when they do not', () => {
    const allowance = new PointAllowance(100);
    expect(allowance.take(60)).toBe(true);
    expect(allowance.take(50)).toBe(false);
    expect(allowance.inUse).toBe(60);
    expect(allowance.take(40)).toBe(true);
    expect(allowance.inUse).toBe(100);
  });

  it('makes given-back points available again, never going below zero', () => {
    const allowance = new PointAllowance(100);
    allowance.take(100);
    allowance.give(30);
    expect(allowance.take(30)).toBe(true);
    allowance.give(500);
    expect(allowance.inUse).toBe(0);
  });

  it('refuses a single take larger than the whole allowance', () => {
    expect(new PointAllowance(10).take(11)).toBe(false);
  });
});
