import type { CollectionResult, MetricCollectOptions, MetricProducer } from '@opentelemetry/sdk-metrics';
import { emptyResource } from '@opentelemetry/resources';
import type { MetricStore } from '../store/metricStore.ts';
import { SIEVE_SCOPE, toMetricData } from './metricData.ts';

/**
 * A MetricProducer that hands every Sieve series to an OTel MetricReader at collection time. Pass
 * it to a reader's `metricProducers` option (PrometheusExporter, PeriodicExportingMetricReader);
 * this is how pre-binned histograms become real Prometheus histograms, since OTel's
 * `Histogram.record` cannot add a count per bucket.
 */
export class SieveMetricProducer implements MetricProducer {
  private store: MetricStore | undefined;

  /** Called by startSieve; a producer serves one Sieve instance. */
  attach(store: MetricStore): void {
    if (this.store && this.store !== store) throw new Error('metricProducer: already attached to another Sieve');
    this.store = store;
  }

  async collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    const metrics = [];
    if (this.store) {
      const now = Date.now();
      this.store.prepareCollection(now);
      metrics.push(...toMetricData(this.store, now));
    }
    // The reader keeps its own resource and ignores this one.
    return {
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: SIEVE_SCOPE, metrics }] },
      errors: [],
    };
  }
}

/** A producer to pass to your own reader before calling `startSieve({ meterProvider, metricProducer })`. */
export function createMetricProducer(): SieveMetricProducer {
  return new SieveMetricProducer();
}
