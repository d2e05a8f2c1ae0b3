import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

type ExportResult = Parameters<Parameters<PushMetricExporter['export']>[1]>[0];

/** `ExportResultCode.SUCCESS` of @opentelemetry/core (not a direct dependency; the value is part of the spec'd API). */
const SUCCESS = 0;

/**
 * An exporter that remembers its last failure. PeriodicExportingMetricReader.forceFlush() hands a
 * failed export to OTel's global error handler (silent by default) and resolves, so a job whose
 * OTLP receiver answers 401 would end as if delivered; Sieve's delivery asks this wrapper instead.
 */
export class RecordingExporter implements PushMetricExporter {
  private failure: Error | undefined;
  private readonly inner: Required<PushMetricExporter>;

  constructor(inner: Required<PushMetricExporter>) {
    this.inner = inner;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      if (result.code !== SUCCESS) this.failure = describe(result.error);
      resultCallback(result);
    });
  }

  /** The failure of an export since the last call, if any; clears it. */
  takeFailure(): Error | undefined {
    const failure = this.failure;
    this.failure = undefined;
    return failure;
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality(instrumentType);
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.inner.selectAggregation(instrumentType);
  }
}

/** The OTLP exporter's error (an OTLPExporterError carries the HTTP status as `code`) as one message. */
function describe(error: Error | undefined): Error {
  if (!error) return new Error('the export failed');
  const status = (error as { code?: unknown }).code;
  return new Error(typeof status === 'number' ? `HTTP ${status} ${error.message}` : error.message);
}
