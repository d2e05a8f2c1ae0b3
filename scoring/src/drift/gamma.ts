/**
 * The regularized incomplete gamma functions, for chi-square p-values. Numerical Recipes' scheme:
 * a power series for x < a + 1 and a Lentz continued fraction otherwise; lnΓ by Lanczos (g = 7,
 * 9 terms, ~1e-15 relative). Iterations are capped, so nothing can loop forever.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new Error(`lnGamma: x = ${x} must be > 0`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < 9; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function; a > 0, x ≥ 0. */
export function regularizedGammaQ(a: number, x: number): number {
  checkArguments('regularizedGammaQ', a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
}

/** P(a, x) = 1 − Q(a, x), the lower regularized incomplete gamma function. */
export function regularizedGammaP(a: number, x: number): number {
  checkArguments('regularizedGammaP', a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/** Upper tail of the chi-square distribution: P(X ≥ statistic) for `dof` degrees of freedom. */
export function chiSquareSurvival(statistic: number, dof: number): number {
  return regularizedGammaQ(dof / 2, statistic / 2);
}

function checkArguments(fn: string, a: number, x: number): void {
  if (!(a > 0) || a === Infinity) throw new Error(`${fn}: a = ${a} must be a positive number`);
  if (!(x >= 0)) throw new Error(`${fn}: x = ${x} must be ≥ 0`);
}

function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

function lowerSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < MAX_ITERATIONS; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * prefactor(a, x);
}

function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return prefactor(a, x) * h;
}

const chiSquareQuantiles = new Map<string, number>();

/**
 * The x with P(χ²_dof ≥ x) = alpha: the chi-square critical value. Bisection on the survival
 * function (to 1e-12 relative), cached per (dof, alpha) because verdicts ask for the same few.
 */
export function chiSquareCritical(dof: number, alpha: number): number {
  if (!(dof > 0)) throw new Error(`chiSquareCritical: dof = ${dof} must be > 0`);
  if (!(alpha > 0 && alpha < 1)) throw new Error(`chiSquareCritical: alpha = ${alpha} must be in (0, 1)`);
  const key = `${dof}:${alpha}`;
  const cached = chiSquareQuantiles.get(key);
  if (cached !== undefined) return cached;
  let lo = 0;
  let hi = Math.max(1, dof);
  while (chiSquareSurvival(hi, dof) > alpha) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSurvival(mid, dof) > alpha) lo = mid;
    else hi = mid;
  }
  chiSquareQuantiles.set(key, hi);
  return hi;
}
