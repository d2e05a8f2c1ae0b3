/**
 * Parses a float as the Prometheus API and exposition format spell it. `Number()` alone is wrong
 * for the infinities: Prometheus writes `+Inf` and `-Inf`, which `Number()` turns into NaN.
 */
export function parsePromFloat(text: string): number {
  // Fast path for ordinary numbers (the vast majority of samples).
  const x = Number(text);
  if (!Number.isNaN(x) && text !== '') return x;
  switch (text) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
    default:
      return text.trim() === '' ? NaN : Number(text);
  }
}
