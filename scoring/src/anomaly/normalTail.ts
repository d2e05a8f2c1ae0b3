/**
 * ln erfc(z) for z ≥ 0, from Numerical Recipes' `erfcc` (a Chebyshev fit with fractional error
 * below 1.2e-7), kept in the log domain so that far tails neither underflow nor cost an exp and a log.
 */
function lnErfc(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  return (
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
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
}

/** log10 of the standard normal upper tail Q(x) = P(Z > x) = erfc(x/√2)/2. */
export function normalTailLog10(x: number): number {
  const lnUpper = lnErfc(Math.abs(x) / Math.SQRT2) - Math.LN2; // ln Q(|x|)
  // Q(x) = 1 − Q(|x|) for x < 0.
  return (x >= 0 ? lnUpper : Math.log1p(-Math.exp(lnUpper))) / Math.LN10;
}
