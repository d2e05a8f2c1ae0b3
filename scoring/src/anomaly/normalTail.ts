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

/**
 * log10 of normalTail(x), computed in the log domain for x >= 0 so that far tails neither
 * underflow nor cost an exp and a log.
 */
export function normalTailLog10(x: number): number {
  if (x < 0) return Math.log10(normalTail(x));
  const z = x / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const lnErfc =
    Math.log(t) -
    z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return (lnErfc - Math.LN2) / Math.LN10;
}
