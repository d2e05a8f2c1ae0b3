import { AnomalyLikelihood, LIKELIHOOD_PARAMS } from '../src/anomaly/likelihood.ts';
import type { LikelihoodParams } from '../src/anomaly/likelihood.ts';

const DEFAULTS = Object.fromEntries(
  Object.entries(LIKELIHOOD_PARAMS).map(([k, spec]) => [k, spec.default])
) as LikelihoodParams;

describe('AnomalyLikelihood', () => {
  it('scores 0 while the recent surprise stays at its usual level', () => {
    const l = new AnomalyLikelihood(DEFAULTS);
    const scores = Array.from({ length: 1000 }, (_, i) => l.score(i % 2 ? 1 : -1));
    expect(scores.every((s) => s === 0)).toBe(true);
  });

  it('scores one capped surprise after a perfectly quiet history as −log10(2·Q(x)) / 10', () => {
    const l = new AnomalyLikelihood(DEFAULTS);
    for (let i = 0; i < 1000; i++) l.score(0);
    // μ = 0 and σ = 0 exactly, so σ is floored at 0.02; m = (1/8)·min(|z|, 6)/6 = 0.125 → x = 6.25.
    // Expected: -log10(math.erfc(6.25 / sqrt(2))) / 10 from Python's math module (2·Q(x) = erfc(x/√2)).
    expect(l.score(100)).toBeCloseTo(0.9386736898979912, 6);
  });

  it('scores 0 during warm-up, and counts a missing forecast (NaN z) as no surprise', () => {
    const l = new AnomalyLikelihood({ ...DEFAULTS, warmup: 50 });
    expect(Array.from({ length: 50 }, () => l.score(6)).every((s) => s === 0)).toBe(true);
    const a = new AnomalyLikelihood(DEFAULTS);
    const b = new AnomalyLikelihood(DEFAULTS);
    for (let i = 0; i < 500; i++) {
      a.score(NaN);
      b.score(0);
    }
    expect(a.score(3)).toBe(b.score(3));
  });
});
