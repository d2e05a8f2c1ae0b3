/**
 * Upper tail of the standard normal, Q(x) = P(Z > x) = erfc(x/√2)/2, with a relative error below
 * 1.2e-7 (W. J. Cody's rational approximation of erfc as used in Numerical Recipes' erfcc).
 */
export function normalTail(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  return x >= 0 ? 0.5 * erfc : 1 - 0.5 * erfc;
}
