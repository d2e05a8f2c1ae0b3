import { parseDuration, type Spec } from '@sieve/rules';

/**
 * Panel thresholds read from the SLO spec, so a panel turns red where the alert would fire. Where
 * the spec has no such alert, the conventional value (PSI bands 0.1/0.25) is used.
 */
export function specThresholds(spec: Spec) {
  const features = spec.pipelines.flatMap((p) => (p.features ? [p.features] : []));
  const datasets = spec.pipelines.flatMap((p) => (p.datasets ? [p.datasets] : []));
  const slo = <K extends Spec['slos'][number]['sli']['kind']>(kind: K) =>
    spec.slos.map((s) => s.sli).find((s): s is Extract<typeof s, { kind: K }> => s.kind === kind);
  return {
    psi: features[0]?.psi ?? { moderate: 0.1, significant: 0.25 },
    /** Seconds without a value after which a feature is stale. */
    featureMaxAge: Math.min(...features.map((f) => parseDuration(f.maxAge)), parseDuration('1h')),
    minCompleteness: Math.max(0, ...datasets.map((d) => d.minCompleteness)) || 0.98,
    /** Seconds after which a pipeline's output is stale: the pipeline freshness SLO's maxAge, else 26 h. */
    pipelineMaxAge: parseDuration(
      spec.slos
        .map((s) => s.sli)
        .find((s): s is Extract<typeof s, { kind: 'freshness' }> => s.kind === 'freshness' && s.of === 'pipeline')
        ?.maxAge ?? '26h'
    ),
    /** Share of runs that must succeed: the pipeline-success SLO's objective, else 99%. */
    pipelineSuccess: +((spec.slos.find((s) => s.sli.kind === 'pipelineSuccess')?.objective ?? 99) / 100).toPrecision(
      12
    ),
    latency: slo('latency')?.threshold ?? 0.5,
    costPerPrediction: slo('costPerPrediction')?.max,
    maxFalsePositiveRate: spec.models.find((m) => m.falsePositiveRate)?.falsePositiveRate?.max ?? 0.05,
  };
}
