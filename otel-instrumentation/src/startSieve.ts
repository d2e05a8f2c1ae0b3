import { diag } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { envDetector, hostDetector, osDetector, serviceInstanceIdDetector } from '@opentelemetry/resources';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { Dataset, type DatasetHandle } from './dataset/dataset.ts';
import { observableBridge } from './export/observableBridge.ts';
import { HandleNames } from './handleNames.ts';
import { SieveMetricProducer } from './export/producer.ts';
import { CategoricalFeature } from './feature/categoricalFeature.ts';
import type { FeatureHandle } from './feature/featureState.ts';
import { NumericFeature } from './feature/numericFeature.ts';
import { createModel, type ModelHandle } from './handles/model.ts';
import { createPipeline, type PipelineHandle } from './handles/pipeline.ts';
import {
  categoricalFeatureSchema,
  datasetOptionsSchema,
  DEFAULT_LATENCY_BUCKETS,
  DEFAULT_RUN_DURATION_BUCKETS,
  DEFAULT_SCORE_BUCKETS,
  modelOptionsSchema,
  numericFeatureSchema,
  parseOptions,
  pipelineOptionsSchema,
  sieveOptionsSchema,
  type DatasetOptions,
  type FeatureOptions,
  type ModelOptions,
  type PipelineOptions,
  type SieveOptions,
} from './options.ts';
import { DEFAULT_CARDINALITY_LIMIT, MetricStore } from './store/metricStore.ts';

export const DEFAULT_PROMETHEUS_PORT = 9464;
/** All interfaces, like other Prometheus exporters, so a Prometheus in another container can scrape. */
export const DEFAULT_PROMETHEUS_HOST = '0.0.0.0';
export const DEFAULT_PSI_WINDOW_MS = 60 * 60 * 1000;
export const DEFAULT_OTLP_INTERVAL_MS = 60_000;
/** The version label of a model created without one. */
export const DEFAULT_MODEL_VERSION = 'unversioned';

export interface Sieve {
  /** Where the Prometheus exporter serves, e.g. http://localhost:9464/metrics; undefined without one. */
  readonly metricsUrl: string | undefined;
  /** Every Sieve series as an OTel MetricProducer: pass it to readers you create yourself. */
  readonly metricProducer: SieveMetricProducer;
  /** Resolves once the exporter listens; rejects (e.g. port in use) with the reason. */
  ready(): Promise<void>;
  /** Flushes and stops the exporters started here (not a meterProvider you passed). */
  shutdown(): Promise<void>;
  pipeline(name: string, options?: PipelineOptions): PipelineHandle;
  feature(name: string, options: FeatureOptions): FeatureHandle;
  dataset(name: string, options?: DatasetOptions): DatasetHandle;
  model(name: string, options?: ModelOptions): ModelHandle;
}

/**
 * Starts Sieve's instrumentation. Modes:
 * - default: a NodeSDK with a Prometheus exporter on :9464/metrics (no collector; traces and logs off);
 * - `otlp: { url }`: push to a collector instead (add `prometheus: {}` to keep the endpoint too);
 * - `meterProvider`: your provider; counters and gauges arrive through observable instruments,
 *   histograms only if you also pass `metricProducer` (see createMetricProducer) to its reader;
 * - `prometheus: false` alone: nothing is started; wire `sieve.metricProducer` into your readers.
 * Bad options throw at once, naming the field.
 */
export function startSieve(options: SieveOptions): Sieve {
  const o = parseOptions(sieveOptionsSchema, options, 'startSieve');
  const store = new MetricStore(o.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT);
  const producer = o.metricProducer ?? new SieveMetricProducer();
  producer.attach(store);
  const psiWindowMs = o.psiWindowMs ?? DEFAULT_PSI_WINDOW_MS;

  let sdk: NodeSDK | undefined;
  let metricsUrl: string | undefined;
  let ready: Promise<void> = Promise.resolve();
  let stopped: Promise<void> | undefined;

  if (o.meterProvider) {
    if (!o.metricProducer) {
      observableBridge(store, o.meterProvider);
      diag.warn(
        'startSieve: meterProvider without metricProducer exports counters and gauges only; pass a ' +
          'createMetricProducer() to your reader and to startSieve to export histograms too'
      );
    }
  } else {
    const readers: IMetricReader[] = [];
    const prometheus = o.prometheus ?? (o.otlp ? false : {});
    if (prometheus !== false) {
      const host = prometheus.host ?? DEFAULT_PROMETHEUS_HOST;
      const port = prometheus.port ?? DEFAULT_PROMETHEUS_PORT;
      ready = new Promise((resolve, reject) => {
        // Without otel_scope_* labels on every sample: Sieve's names are namespaced already, and the
        // labels cost ~40 % of the payload and of the serializer's time (reference doc §13.4).
        const config = { host, port, metricProducers: [producer], withoutScopeInfo: true };
        const exporter = new PrometheusExporter(config, (error) =>
          error ? reject(new Error(`startSieve: Prometheus exporter on ${host}:${port}: ${error.message}`)) : resolve()
        );
        readers.push(exporter);
      });
      ready.catch(() => undefined); // reported by ready(); never an unhandled rejection
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      metricsUrl = `http://${shown}:${port}/metrics`;
    }
    if (o.otlp) {
      const interval = o.otlp.intervalMs ?? DEFAULT_OTLP_INTERVAL_MS;
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: o.otlp.url }),
          exportIntervalMillis: interval,
          exportTimeoutMillis: Math.min(interval, 30_000),
          metricProducers: [producer],
        })
      );
    }
    if (readers.length > 0) {
      sdk = new NodeSDK({
        serviceName: o.serviceName,
        metricReaders: readers,
        // The same limit for the application's own instruments as Sieve applies to its series.
        views: [{ instrumentName: '*', aggregationCardinalityLimit: store.cardinalityLimit }],
        spanProcessors: [],
        logRecordProcessors: [],
        instrumentations: [],
        // No process detector: process_command_args could carry secrets into target_info.
        resourceDetectors: [envDetector, hostDetector, osDetector, serviceInstanceIdDetector],
      });
      sdk.start();
    }
  }

  const names = new HandleNames();

  return {
    metricsUrl,
    metricProducer: producer,
    ready: () => ready,
    shutdown() {
      stopped ??= sdk?.shutdown() ?? Promise.resolve();
      return stopped;
    },
    pipeline(name, options = {}) {
      const where = `pipeline(${JSON.stringify(name)})`;
      const p = parseOptions(pipelineOptionsSchema, options, where);
      const buckets = p.durationBuckets ?? DEFAULT_RUN_DURATION_BUCKETS;
      return names.create('pipeline', name, undefined, (n) => createPipeline(store, n, buckets));
    },
    feature(name, options) {
      const where = `feature(${JSON.stringify(name)})`;
      let make: (n: string) => FeatureHandle;
      if (typeof options === 'object' && options !== null && options.kind === 'categorical') {
        const c = parseOptions(categoricalFeatureSchema, options, where);
        make = (n) => new CategoricalFeature(store, n, { ...c, psiWindowMs: c.psiWindowMs ?? psiWindowMs });
      } else {
        const c = parseOptions(numericFeatureSchema, options, where);
        make = (n) => new NumericFeature(store, n, { ...c, psiWindowMs: c.psiWindowMs ?? psiWindowMs });
      }
      return names.create('feature', name, undefined, make);
    },
    dataset(name, options = {}) {
      const d = parseOptions(datasetOptionsSchema, options, `dataset(${JSON.stringify(name)})`);
      return names.create('dataset', name, undefined, (n) => new Dataset(store, n, d.schema));
    },
    model(name, options = {}) {
      const m = parseOptions(modelOptionsSchema, options, `model(${JSON.stringify(name)})`);
      const version = m.version ?? DEFAULT_MODEL_VERSION;
      const latency = m.latencyBuckets ?? DEFAULT_LATENCY_BUCKETS;
      const score = m.scoreBuckets ?? DEFAULT_SCORE_BUCKETS;
      return names.create('model', name, version, (n) => createModel(store, n, version, latency, score));
    },
  };
}
