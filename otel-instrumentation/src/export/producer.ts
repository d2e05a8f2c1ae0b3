import {
  AggregationTemporality,
  type CollectionResult,
  type MetricCollectOptions,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { emptyResource } from '@opentelemetry/resources';
import type { MetricStore } from '../store/metricStore.ts';
import { DeltaTracker, SIEVE_SCOPE, toMetricData } from './metricData.ts';

export type Temporality = 'cumulative' | 'delta';

/**
 * The temporality OTel's OTLP exporters default to: OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE
 * (`delta` and `lowmemory` make counters and histograms delta), else cumulative.
 */
export function temporalityFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Temporality {
  const v = env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE?.trim().toLowerCase();
  return v === 'delta' || v === 'lowmemory' ? 'delta' : 'cumulative';
}

/**
 * A MetricProducer that hands every Sieve series to an OTel MetricReader at collection time. Pass
 * it to a reader's `metricProducers` option (PrometheusExporter, PeriodicExportingMetricReader);
 * this is how pre-binned histograms become real histograms, since OTel's `Histogram.record` cannot
 * add a count per bucket. A reader cannot tell a producer which temporality it wants, so a producer
 * has one: cumulative, or delta (each collection reports what changed since the previous one).
 * One producer per reader: a delta producer remembers what it reported last.
 */
export class SieveMetricProducer implements MetricProducer {
  readonly temporality: Temporality;
  private store: MetricStore | undefined;
  private readonly delta: DeltaTracker | undefined;
  private collected = false;

  constructor(options: { temporality?: Temporality } = {}) {
    this.temporality = options.temporality ?? 'cumulative';
    this.delta = this.temporality === 'delta' ? new DeltaTracker() : undefined;
  }

  /** Called by startSieve; a producer serves one Sieve instance. */
  attach(store: MetricStore): void {
    if (this.store && this.store !== store) throw new Error('metricProducer: already attached to another Sieve');
    this.store = store;
  }

  /** Whether any reader has collected from this producer yet. */
  get hasBeenCollected(): boolean {
    return this.collected;
  }

  async collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    this.collected = true;
    const metrics = [];
    if (this.store) {
      const now = Date.now();
      this.store.prepareCollection(now);
      metrics.push(...toMetricData(this.store, now, this.delta));
    }
    // The reader keeps its own resource and ignores this one.
    return {
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: SIEVE_SCOPE, metrics }] },
      errors: [],
    };
  }
}

/** A producer to pass to your own reader before calling `startSieve({ meterProvider, metricProducer })`. */
export function createMetricProducer(options: { temporality?: Temporality } = {}): SieveMetricProducer {
  return new SieveMetricProducer(options);
}

export { AggregationTemporality };
