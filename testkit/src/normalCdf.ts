/**
 * Standard normal CDF (Abramowitz–Stegun 7.1.26, absolute error < 1.5e-7): enough to turn a
 * synthetic normal feature into bucket counts. The fixtures' golden files depend on these exact
 * digits, so change it only together with them.
 */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}
