/**
 * The Kolmogorov distribution, for the asymptotic two-sample KS p-value:
 * P(√n_eff · D > x) → Q(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2 j² λ²}, with Stephens' small-sample
 * correction λ = (√n_eff + 0.12 + 0.11/√n_eff) · D. On binned data D is a lower bound of the
 * raw-sample statistic, so the p-value is conservative there (too few alarms, never too many).
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    // The theta-function form converges fast for small λ: 1 − √(2π)/λ Σ e^{−(2j−1)² π² / (8 λ²)}.
    const w = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let j = 1; j <= 6; j++) sum += Math.exp(-(2 * j - 1) * (2 * j - 1) * w);
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Stephens' λ for a KS statistic D at effective sample size nEff. */
export function ksLambda(d: number, nEff: number): number {
  const s = Math.sqrt(nEff);
  return (s + 0.12 + 0.11 / s) * d;
}

const quantileCache = new Map<number, number>();

/** The λ with Q(λ) = alpha (bisection, cached per alpha). */
export function kolmogorovQuantile(alpha: number): number {
  const cached = quantileCache.get(alpha);
  if (cached !== undefined) return cached;
  let lo = 0.1;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (kolmogorovSurvival(mid) > alpha) lo = mid;
    else hi = mid;
  }
  quantileCache.set(alpha, hi);
  return hi;
}
