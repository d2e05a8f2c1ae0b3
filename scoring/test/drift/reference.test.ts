/**
 * Fixed inputs against independent reference values. Every expected value below was printed by
 * scoring/test/reference/driftReference.py (Python standard library only: exact fractions, and
 * 50-digit decimals for logs and roots), which re-implements the scipy-documented definitions named
 * in each test. scipy itself is not installable here.
 */
import {
  chiSquare,
  chiSquareSurvival,
  hellinger,
  jensenShannon,
  kl,
  ksStatistic,
  normalizedWasserstein,
  psi,
  wasserstein,
} from '../../src/drift/index.ts';

const TOL = 1e-9;
const A_REF = [10, 20, 30, 25, 15];
const A_CUR = [12, 18, 25, 30, 15];
const A_EDGES = [0, 1, 2.5, 4];
const B_REF = [5, 0, 7, 3];
const B_CUR = [1, 4, 0, 9];
const C_REF = [8, 0, 5];
const C_CUR = [3, 0, 9];

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOL);
}

describe('reference values (1e-9)', () => {
  it('Jensen–Shannon distance = scipy.spatial.distance.jensenshannon(p, q, base=2)', () => {
    close(jensenShannon(A_REF, A_CUR), 0.06572588903523363);
    close(jensenShannon(B_REF, B_CUR), 0.7285605435221308); // zero bins on both sides
  });

  it('KS statistic = max |cumulative proportion difference| (exact fractions)', () => {
    close(ksStatistic(A_REF, A_CUR), 0.05);
    close(ksStatistic(B_REF, B_CUR), 0.44285714285714284); // = 31/70
  });

  it('Wasserstein-1 = scipy.stats.wasserstein_distance on bin points with count weights', () => {
    // Points (−0.5, 0.5, 1.75, 3.25, 4.75): scipy's _cdf_distance(p=1) re-done in exact fractions.
    close(wasserstein(A_REF, A_CUR, A_EDGES), 0.095);
    // Divided by the weighted standard deviation of the reference over the same points.
    close(normalizedWasserstein(A_REF, A_CUR, A_EDGES), 0.058817610119606865);
  });

  it('chi-square homogeneity = scipy.stats.chi2_contingency([ref, cur], correction=False)', () => {
    // p-values from the closed forms of Q(dof/2, x/2) (integer: Poisson sum; half-integer: erfc recurrence).
    const a = chiSquare(A_REF, A_CUR);
    close(a.statistic, 1.1961722488038278);
    expect(a.dof).toBe(4);
    close(a.pValue, 0.8787284291203423);
    const b = chiSquare(B_REF, B_CUR);
    close(b.statistic, 16.65198412698413);
    expect(b.dof).toBe(3);
    close(b.pValue, 0.0008332924777541008);
    const c = chiSquare(C_REF, C_CUR); // the all-zero column is dropped
    close(c.statistic, 3.380994005994006);
    expect(c.dof).toBe(1);
    close(c.pValue, 0.06595226787533459);
  });

  it('chi-square goodness of fit = scipy.stats.chisquare(cur, ref · N_cur / N_ref)', () => {
    const r = chiSquare(A_REF, A_CUR, { test: 'goodness-of-fit' });
    close(r.statistic, 2.433333333333333);
    expect(r.dof).toBe(4);
    close(r.pValue, 0.6566119326628219);
  });

  it('chi-square survival function = closed-form Q(dof/2, x/2)', () => {
    close(chiSquareSurvival(120, 100), 0.08440668109369183);
    close(chiSquareSurvival(30, 7), 9.495972508134183e-5);
    close(chiSquareSurvival(0.5, 9), 0.9999695662588389);
  });

  it('PSI, KL (= scipy.stats.entropy(p, q)) and Hellinger on inputs without empty bins', () => {
    close(psi(A_REF, A_CUR), 0.02398579712843108);
    close(kl(A_REF, A_CUR), 0.011956025291867529);
    close(hellinger(A_REF, A_CUR), 0.05473820771360626);
  });
});
