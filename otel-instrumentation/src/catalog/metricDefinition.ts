import { prometheusName } from './prometheusName.ts';

/** OTel instrument kinds that Sieve uses. `histogram` is exported as a classic Prometheus histogram. */
export type InstrumentType = 'counter' | 'gauge' | 'histogram';

export interface MetricSpec<L extends string, T extends InstrumentType = InstrumentType> {
  /**
   * OTel instrument name: dot-separated, lowercase, no `_total`, ending with the Prometheus unit
   * suffix of `unit` (`_seconds` for `s`, `_ratio` for a `1` gauge) so every export path agrees.
   */
  readonly name: string;
  readonly type: T;
  /** UCUM unit (`s`, `1`, `{row}`, ...), or '' where the unit is the user's or there is none. */
  readonly unit: string;
  readonly description: string;
  /** The only attribute keys this metric may carry; anything else is dropped before export. */
  readonly labels: readonly L[];
}

/** The series names Prometheus stores for one metric. */
export interface PrometheusNames {
  /** The family name (`sieve_pipeline_runs_total`, or the histogram base name). */
  readonly name: string;
  /** Histograms only: `<base>_bucket`, `<base>_sum`, `<base>_count`. */
  readonly bucket: string;
  readonly sum: string;
  readonly count: string;
}

export interface MetricDefinition<
  L extends string = string,
  T extends InstrumentType = InstrumentType,
> extends MetricSpec<L, T> {
  readonly prometheus: PrometheusNames;
}

export function defineMetric<const L extends string, const T extends InstrumentType>(
  spec: MetricSpec<L, T>
): MetricDefinition<L, T> {
  const name = prometheusName(spec.name, spec.type);
  const histogram = spec.type === 'histogram';
  return {
    ...spec,
    prometheus: {
      name,
      bucket: histogram ? `${name}_bucket` : '',
      sum: histogram ? `${name}_sum` : '',
      count: histogram ? `${name}_count` : '',
    },
  };
}
