import { timeScale, type Spec } from '@sieve/rules';

/**
 * At a compressed time scale, an age bound can fall below what the stack can observe: at 1/60 a
 * 1m feature-age bound becomes 1 s, less than one scrape plus one push. Such bounds are raised to
 * `minSeconds` of compressed time (nominal: minSeconds / scale); everything else is unchanged.
 */
export function compressibleSpec(spec: Spec, scale: number, minSeconds: number): Spec {
  const scaled = timeScale(scale);
  const floor = (d: string) => (scaled.seconds(d) >= minSeconds ? d : `${Math.ceil(minSeconds / scale)}s`);
  return {
    ...spec,
    slos: spec.slos.map((s) =>
      s.sli.kind === 'freshness' ? { ...s, sli: { ...s.sli, maxAge: floor(s.sli.maxAge) } } : s
    ),
    pipelines: spec.pipelines.map((p) =>
      p.features ? { ...p, features: { ...p.features, maxAge: floor(p.features.maxAge) } } : p
    ),
  };
}
