import { processHashKey } from './privacy/categoryMasking.ts';
import { categoricalBaseline, numericBaseline } from './baseline/baselineProfile.ts';
import { featureKind } from './baseline/baselineFile.ts';
import { hostname } from 'node:os';
import { createNoopMeter, metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import {
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  type IMetricReader,
} from '@opentelemetry/sdk-metrics';
import { LABEL, RUN_OUTCOMES } from './catalog/index.ts';
import { Dataset, type DatasetHandle } from './dataset/dataset.ts';
import { observableBridge } from './export/observableBridge.ts';
import { handleCall, HandleNames } from './handleNames.ts';
import { SieveMetricProducer, temporalityFromEnv, type Temporality } from './export/producer.ts';
import { exposition, fetchGroup, groupPath, putGroup, type PushgatewayGroup } from './export/pushgateway.ts';
import { endpointUrl, httpEndpoint, redact, type HttpEndpoint } from './export/httpEndpoint.ts';
import { PullReader, ScrapeServer } from './export/scrapeServer.ts';
import { loadState, saveState } from './export/stateFile.ts';
import { RecordingExporter } from './export/recordingExporter.ts';
import { warnOnce } from './warnOnce.ts';
import { CategoricalFeature } from './feature/categoricalFeature.ts';
import type { FeatureHandle } from './feature/featureState.ts';
import { NumericFeature } from './feature/numericFeature.ts';
import { createModel, type ModelHandle } from './handles/model.ts';
import { createPipeline, type PipelineHandle } from './handles/pipeline.ts';
import {
  categoricalFeatureSchema,
  datasetOptionsSchema,
  DEFAULT_ERROR_BUCKETS,
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
import { DEFAULT_CARDINALITY_LIMIT, DEFAULT_MAX_SERIES_FACTOR, MetricStore, PushLedger } from './store/metricStore.ts';

export const DEFAULT_PROMETHEUS_PORT = 9464;
/** All interfaces, like other Prometheus exporters, so a Prometheus in another container can scrape. */
export const DEFAULT_PROMETHEUS_HOST = '0.0.0.0';
export const DEFAULT_PSI_WINDOW_MS = 60 * 60 * 1000;
export const DEFAULT_OTLP_INTERVAL_MS = 60_000;
/** The version label of a model created without one. */
export const DEFAULT_MODEL_VERSION = 'unversioned';

/** How long a producer may go uncollected, with data recorded, before Sieve says so on stderr. */
export const DEFAULT_UNCOLLECTED_WARNING_MS = 120_000;

export interface Sieve {
  /** Where the Prometheus exporter serves, e.g. http://localhost:9464/metrics; undefined without one. */
  readonly metricsUrl: string | undefined;
  /**
   * Every Sieve series as an OTel MetricProducer for your own reader:
   * `new PeriodicExportingMetricReader({ exporter, metricProducers: [sieve.metricProducer] })`.
   * Its temporality is `metricProducerTemporality`, else OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.
   */
  readonly metricProducer: SieveMetricProducer;
  /** Another producer for a second reader, e.g. a delta one beside a cumulative Prometheus reader. */
  createMetricProducer(options?: { temporality?: Temporality }): SieveMetricProducer;
  /** Resolves once the exporter listens; rejects (e.g. port in use) with the reason. */
  ready(): Promise<void>;
  /**
   * Delivers the final state (Pushgateway push, OTLP flush, state file) and stops what was started
   * here (never a meterProvider you passed). Rejects if the final delivery failed.
   */
  shutdown(): Promise<void>;
  pipeline(name: string, options?: PipelineOptions): PipelineHandle;
  feature(name: string, options: FeatureOptions): FeatureHandle;
  dataset(name: string, options?: DatasetOptions): DatasetHandle;
  model(name: string, options?: ModelOptions): ModelHandle;
}

/** True when the application has registered a global MeterProvider (the API hands out no-op meters otherwise). */
function hasGlobalMeterProvider(): boolean {
  return metrics.getMeterProvider().getMeter('sieve-probe') !== createNoopMeter();
}

/**
 * Starts Sieve's instrumentation. Only metrics: no tracer, propagator, context manager or logs
 * provider, and no global registration when the application has its own MeterProvider. Modes:
 * - default: a Prometheus exporter on :9464/metrics;
 * - `otlp: { url }`: push to a collector instead (add `prometheus: {}` to keep the endpoint too);
 * - `pushgateway: { url }`: a job that exits; every run's end pushes the state (see pushgateway.ts);
 * - `prometheus: false` alone: nothing is started, the handles need no SDK; give
 *   `sieve.metricProducer` to your own reader (`metricProducers: [sieve.metricProducer]`);
 * - `meterProvider`: your provider; counters and gauges arrive through observable instruments,
 *   histograms only through a metricProducer on its reader (a stderr warning says so).
 * Bad options throw at once, naming the field.
 */
export function startSieve(options: SieveOptions): Sieve {
  const o = parseOptions(sieveOptionsSchema, options, 'startSieve');
  const limit = o.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT;
  const store = new MetricStore(limit, o.maxSeries ?? DEFAULT_MAX_SERIES_FACTOR * limit);
  const producer =
    o.metricProducer ?? new SieveMetricProducer({ temporality: o.metricProducerTemporality ?? temporalityFromEnv() });
  producer.attach(store);
  const extraProducers: SieveMetricProducer[] = [];
  const psiWindowMs = o.psiWindowMs ?? DEFAULT_PSI_WINDOW_MS;

  const saved = o.stateFile ? loadState(o.stateFile) : undefined;
  if (saved) {
    store.startTimeMs = saved.startTimeMs;
    // Through the Pushgateway the file counts only for the group it was pushed to (pipeline()).
    if (!o.pushgateway) store.restore(saved.series);
  }

  const pgEndpoint =
    o.pushgateway &&
    httpEndpoint(o.pushgateway.url, o.pushgateway.headers, {
      ms: o.pushgateway.timeoutMs,
      option: 'pushgateway.timeoutMs',
    });
  const otlpEndpoint =
    o.otlp && httpEndpoint(o.otlp.url, o.otlp.headers, { ms: o.otlp.timeoutMs, option: 'otlp.timeoutMs' });
  /** Every message about a delivery: no credential of either endpoint in it. */
  const secrets = [...(pgEndpoint?.secrets ?? []), ...(otlpEndpoint?.secrets ?? [])];
  const clean = (e: unknown): Error => new Error(redact(e instanceof Error ? e.message : String(e), secrets));

  let provider: MeterProvider | undefined;
  let otlpReader: PeriodicExportingMetricReader | undefined;
  let otlpExporter: RecordingExporter | undefined;
  let scrapeServer: ScrapeServer | undefined;
  let metricsUrl: string | undefined;
  let ready: Promise<void> = Promise.resolve();
  /** Whether the application called ready(): then the listen failure is its to report. */
  let readyAsked = false;
  let stopped: Promise<void> | undefined;

  if (o.meterProvider) {
    if (!o.metricProducer) {
      observableBridge(store, o.meterProvider);
      warnOnce(
        'meterProvider-without-producer',
        'startSieve: a meterProvider without a metricProducer exports counters and gauges only, no histograms; ' +
          'pass createMetricProducer() to your reader (metricProducers: [...]) and to startSieve({ metricProducer })'
      );
    }
  } else {
    const readers: IMetricReader[] = [];
    const prometheus = o.prometheus ?? (o.otlp || o.pushgateway ? false : {});
    if (prometheus !== false) {
      const host = prometheus.host ?? DEFAULT_PROMETHEUS_HOST;
      const port = prometheus.port ?? DEFAULT_PROMETHEUS_PORT;
      // Sieve's own series are written straight from the store, in slices (scrapeServer.ts); the
      // reader brings target_info and the application's own instruments.
      const reader = new PullReader();
      scrapeServer = new ScrapeServer({ host, port, store, reader });
      ready = scrapeServer
        .listen()
        .catch((error: Error) =>
          Promise.reject(new Error(`startSieve: Prometheus exporter on ${host}:${port}: ${error.message}`))
        );
      readers.push(reader);
      // Reported by ready(); an application that never asks (the job just runs) hears of it on
      // stderr, once, rather than not at all. Never an unhandled rejection.
      ready.catch((e: Error) => {
        if (!readyAsked) {
          warnOnce(
            `listen:${host}:${port}`,
            `sieve: ${e.message}; no metrics are served (await sieve.ready() to handle this at start)`
          );
        }
      });
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      metricsUrl = `http://${shown}:${port}/metrics`;
    }
    if (o.otlp) {
      const interval = o.otlp.intervalMs ?? DEFAULT_OTLP_INTERVAL_MS;
      const temporality = o.otlp.temporality ?? temporalityFromEnv();
      const otlpProducer = new SieveMetricProducer({ temporality });
      otlpProducer.attach(store);
      otlpReader = new PeriodicExportingMetricReader({
        exporter: (otlpExporter = new RecordingExporter(
          new OTLPMetricExporter({
            url: otlpEndpoint?.url ?? o.otlp.url,
            headers: { ...otlpEndpoint?.headers },
            temporalityPreference:
              temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
            // Unset: the exporter's default (its environment variables, else 10 s).
            ...(o.otlp.timeoutMs === undefined ? {} : { timeoutMillis: o.otlp.timeoutMs }),
          })
        )),
        exportIntervalMillis: interval,
        // The reader gives up on an export after this; its forceFlush still waits for the exporter.
        exportTimeoutMillis: Math.min(interval, o.otlp.timeoutMs ?? 30_000),
        metricProducers: [otlpProducer],
      });
      readers.push(otlpReader);
    }
    if (readers.length > 0) {
      // A stable identity: the user's instance, else the host name; never a random id, which
      // would make every run of a job a new series.
      const identity = resourceFromAttributes({
        'service.name': o.serviceName,
        'service.instance.id': o.instance ?? hostname(),
      });
      // No process detector: process_command_args could carry secrets into target_info.
      const detected = detectResources({ detectors: [envDetector, hostDetector, osDetector] });
      provider = new MeterProvider({
        resource: detected.merge(identity),
        readers,
        // The same limit for the application's own instruments as Sieve applies to its series.
        views: [{ instrumentName: '*', aggregationCardinalityLimit: store.cardinalityLimit }],
      });
      // Only when the application has none: a second registration is an error in the OTel API.
      if (!hasGlobalMeterProvider()) metrics.setGlobalMeterProvider(provider);
    }
  }

  // --- delivery at the end of a run and at shutdown ----------------------------------------------
  let group: PushgatewayGroup | undefined;
  /** The read-back of the Pushgateway group when its pipeline is created; true if it succeeded. */
  let restored: Promise<boolean> | undefined;
  /**
   * Whether the store holds the group's totals as last pushed, from the state file or this
   * process's own last push: then a push needs no read of the Pushgateway, whose only read returns
   * every group (O(size of the whole Pushgateway) per push).
   */
  let localTotals = false;
  /** The group's URL (no credentials): what a state file records as pushed to. */
  const groupUrl = (g: PushgatewayGroup): string => endpointUrl(pgEndpoint as HttpEndpoint, groupPath(g));
  let deliveries: Promise<void> = Promise.resolve();
  const pg = o.pushgateway;
  const pushProducer = new SieveMetricProducer();
  const pushLedger = new PushLedger();
  pushProducer.attach(store);

  const restoreFromPushgateway = (g: PushgatewayGroup): Promise<boolean> =>
    fetchGroup(pgEndpoint as HttpEndpoint, g).then(
      (states) => {
        store.restore(states);
        return true;
      },
      // Not reported here: the read right before every push repeats it, and a failure there fails
      // that push (once on stderr, and shutdown() rejects).
      () => false
    );

  const deliver = (): Promise<void> =>
    deliverOnce().catch((e: unknown) => {
      throw clean(e);
    });
  const deliverOnce = async (): Promise<void> => {
    const g = pg && (group ?? { job: pg.job ?? o.serviceName, pipeline: '', instance: o.instance });
    if (g && pgEndpoint) {
      await restored; // the read-back started with the pipeline, if still under way
      // Read the group again right before the PUT, and push it plus what this process recorded
      // since its last push: an overlapping run of the same identity that pushed meanwhile keeps
      // its counts (the race left is this read-to-PUT interval, milliseconds).
      // A failed read fails the push: the PUT replaces the whole group, so pushing without the
      // group's current totals would wipe its history (a missing group is read as empty, not an error).
      const fresh = localTotals
        ? undefined
        : await fetchGroup(pgEndpoint, g).catch((error: unknown) => {
            throw new Error(
              `cannot read the Pushgateway group back (${clean(error).message}); nothing pushed, ` +
                'since a push replaces the group and would lose its totals'
            );
          });
      // From the rebase to the collection inside exposition() nothing awaits, so no value recorded
      // in between can be pushed without being in the ledger (the collection's hooks run first).
      store.prepareCollection();
      const commit = fresh ? store.rebase(fresh, pushLedger) : () => undefined;
      const text = exposition(pushProducer);
      await putGroup(pgEndpoint, g, await text);
      commit();
    }
    if (otlpReader && otlpExporter) {
      otlpExporter.takeFailure(); // an earlier periodic export's failure is not this delivery's
      await otlpReader.forceFlush();
      const failure = otlpExporter.takeFailure();
      // Thrown before the state file is saved: state saved as delivered would never be sent again.
      if (failure) {
        const ms = o.otlp?.timeoutMs;
        const which =
          ms === undefined
            ? 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT, else 10 s; or set otlp.timeoutMs'
            : `otlp.timeoutMs: ${ms} ms`;
        const hint = /timed out|timeout/i.test(failure.message) ? ` (${which})` : '';
        throw new Error(`OTLP export to ${otlpEndpoint?.url ?? 'the receiver'} failed: ${failure.message}${hint}`);
      }
    }
    if (o.stateFile) {
      const pushedTo = g ? groupUrl(g) : undefined;
      saveState(o.stateFile, { startTimeMs: store.startTimeMs, series: [...store.snapshot()], pushedTo });
      // The file now holds what the group holds: later pushes of this process need no read either.
      localTotals = pushedTo !== undefined;
    }
  };
  /** One delivery at a time, in order; the returned promise rejects if this one failed. */
  const enqueue = (): Promise<void> => {
    const next = deliveries.then(deliver);
    deliveries = next.catch(() => undefined);
    return next;
  };
  const onRunEnd = (): Promise<void> =>
    enqueue().catch((e: Error) =>
      warnOnce(`delivery:${e.message}`, `sieve: delivering a run's state failed: ${e.message}`)
    );

  /**
   * A pipeline whose run counters were never delivered (no earlier run of this identity restored
   * them) delivers them at 0, every outcome, before its first run ends: a counter whose first
   * sample is already 1 loses that increment in increase(), which has nothing before it. Over
   * OTLP the zeros arrive at once; through the Pushgateway, when Prometheus scrapes while the run works.
   */
  const deliverRunCountersAtZero = (pipeline: string): void => {
    const cells = RUN_OUTCOMES.map((outcome) =>
      store.counter('pipelineRuns', { [LABEL.pipeline]: pipeline, [LABEL.outcome]: outcome })
    );
    if (cells.some((c) => c.restored === undefined && c.value === 0)) void onRunEnd();
  };

  // --- library mode: say once on stderr if nobody collects -----------------------------------------
  const warnMs = o.uncollectedWarningMs ?? DEFAULT_UNCOLLECTED_WARNING_MS;
  let uncollectedTimer: NodeJS.Timeout | undefined;
  if (!provider && !o.meterProvider && !pg && !o.stateFile) {
    uncollectedTimer = setTimeout(() => {
      const all = [producer, ...extraProducers];
      if (!all.some((p) => p.hasBeenCollected) && [...store.snapshot()].length > 0) {
        warnOnce(
          'uncollected',
          `sieve: no reader has collected Sieve's metrics in ${Math.round(warnMs / 1000)} s; pass ` +
            'sieve.metricProducer to your MetricReader (metricProducers: [sieve.metricProducer]) or start Sieve with an exporter'
        );
      }
    }, warnMs);
    uncollectedTimer.unref();
  }

  const names = new HandleNames();

  return {
    metricsUrl,
    metricProducer: producer,
    createMetricProducer(opts = {}) {
      const p = new SieveMetricProducer({ temporality: opts.temporality ?? temporalityFromEnv() });
      p.attach(store);
      extraProducers.push(p);
      return p;
    },
    ready: () => {
      readyAsked = true;
      return ready;
    },
    shutdown() {
      stopped ??= (async () => {
        clearTimeout(uncollectedTimer);
        try {
          if (pg || o.stateFile || otlpReader) await enqueue();
        } finally {
          await scrapeServer?.close();
          await provider?.shutdown();
        }
      })();
      return stopped;
    },
    pipeline(name, options = {}) {
      const where = handleCall('pipeline', name);
      const p = parseOptions(pipelineOptionsSchema, options, where);
      const buckets = p.durationBuckets ?? DEFAULT_RUN_DURATION_BUCKETS;
      if (pg && group && group.pipeline !== name) {
        throw new Error(
          `${where}: this Sieve pushes the Pushgateway group of pipeline ${JSON.stringify(group.pipeline)}; ` +
            'start one Sieve per pipeline (the grouping key is job and pipeline)'
        );
      }
      const handle = names.create('pipeline', name, undefined, (n) =>
        createPipeline(store, n, buckets, pg || otlpReader || o.stateFile ? onRunEnd : undefined)
      );
      if (pg && !group) {
        group = { job: pg.job ?? o.serviceName, pipeline: handle.name, instance: o.instance };
        if (saved?.pushedTo === groupUrl(group)) {
          // The file holds the group's totals as this identity last pushed them: no read.
          store.restore(saved.series);
          localTotals = true;
          restored = Promise.resolve(true);
        } else restored = restoreFromPushgateway(group); // read back while the run works
        // Only after a successful read: zeros pushed over a group that could not be read would reset it.
        void restored.then((read) => read && deliverRunCountersAtZero(handle.name));
      } else if (otlpReader) deliverRunCountersAtZero(handle.name);
      return handle;
    },
    feature(name, options) {
      const where = handleCall('feature', name);
      const field = `${where}: options.baseline`;
      let make: (n: string) => FeatureHandle;
      if (featureKind(options, where) === 'categorical') {
        const c = parseOptions(categoricalFeatureSchema, options, where);
        const mask = {
          mode: c.categories,
          allowlist: c.allowlist && new Set(c.allowlist),
          hashKey: o.piiHashKey ?? processHashKey(),
        };
        make = (n) =>
          new CategoricalFeature(store, n, {
            baseline: categoricalBaseline(field, c),
            psiWindowMs: c.psiWindowMs ?? psiWindowMs,
            mask,
          });
      } else {
        const c = parseOptions(numericFeatureSchema, options, where);
        make = (n) =>
          new NumericFeature(store, n, {
            baseline: numericBaseline(field, c),
            psiWindowMs: c.psiWindowMs ?? psiWindowMs,
          });
      }
      return names.create('feature', name, undefined, make);
    },
    dataset(name, options = {}) {
      const d = parseOptions(datasetOptionsSchema, options, handleCall('dataset', name));
      return names.create('dataset', name, undefined, (n) => new Dataset(store, n, d.schema));
    },
    model(name, options = {}) {
      const m = parseOptions(modelOptionsSchema, options, handleCall('model', name));
      const version = m.version ?? DEFAULT_MODEL_VERSION;
      const latency = m.latencyBuckets ?? DEFAULT_LATENCY_BUCKETS;
      const score = m.scoreBuckets ?? DEFAULT_SCORE_BUCKETS;
      const regression = m.kind === 'regression' ? (m.errorBuckets ?? DEFAULT_ERROR_BUCKETS) : undefined;
      return names.create('model', name, version, (n) => createModel(store, n, version, latency, score, regression));
    },
  };
}
