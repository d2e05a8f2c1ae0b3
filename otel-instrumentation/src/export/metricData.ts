import { ValueType, type HrTime } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { METRICS, type MetricKey } from '../catalog/index.ts';
import type { HistogramCell, MetricStore, ScalarCell } from '../store/metricStore.ts';

/** The scope every Sieve series carries (Prometheus labels otel_scope_name / otel_scope_version). */
export const SIEVE_SCOPE = { name: '@sieve/otel-instrumentation', version: '0.1.0' } as const;

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * What a delta producer reported last, per cell: the next collection reports the difference. A
 * cell seen for the first time starts from its restored part, which an earlier run already sent.
 */
export class DeltaTracker {
  readonly scalars = new WeakMap<ScalarCell, number>();
  readonly histograms = new WeakMap<HistogramCell, { counts: Float64Array; sum: number }>();
  lastMs: number | undefined;
}

/**
 * The store's series as OTel MetricData: cumulative since the store started, or, with a
 * DeltaTracker, delta since the tracker's previous collection. Histograms come out
 * as real explicit-bucket histograms (the Prometheus exporter writes `_bucket{le}`, `_sum`,
 * `_count`); gauges that were never set are left out.
 */
export function toMetricData(store: MetricStore, nowMs: number, delta?: DeltaTracker): MetricData[] {
  const startTime = hrTime(delta?.lastMs ?? store.startTimeMs);
  const endTime = hrTime(nowMs);
  const temporality = delta ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  if (delta) delta.lastMs = nowMs;
  const out: MetricData[] = [];
  for (const key of Object.keys(METRICS) as MetricKey[]) {
    const def = METRICS[key];
    const descriptor = { name: def.name, description: def.description, unit: def.unit, valueType: ValueType.DOUBLE };
    const cells = [...store.cells(key)];
    if (cells.length === 0) continue;
    if (def.type === 'histogram') {
      const dataPoints = (cells as HistogramCell[]).map((c) => {
        let counts = Array.from(c.counts);
        let sum = c.sum;
        if (delta) {
          const prev = delta.histograms.get(c) ?? c.restored ?? { counts: new Float64Array(c.counts.length), sum: 0 };
          counts = counts.map((n, i) => n - (prev.counts[i] ?? 0));
          sum -= prev.sum;
          delta.histograms.set(c, { counts: Float64Array.from(c.counts), sum: c.sum });
        }
        let count = 0;
        for (const n of counts) count += n;
        return {
          startTime,
          endTime,
          attributes: c.attributes,
          value: { buckets: { boundaries: [...c.boundaries], counts }, sum, count },
        };
      });
      out.push({
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints,
      });
      continue;
    }
    const dataPoints = (cells as ScalarCell[])
      .filter((c) => !Number.isNaN(c.value))
      .map((c) => {
        let value = c.value;
        if (delta && def.type === 'counter') {
          value -= delta.scalars.get(c) ?? c.restored ?? 0;
          delta.scalars.set(c, c.value);
        }
        return { startTime, endTime, attributes: c.attributes, value };
      });
    if (dataPoints.length === 0) continue;
    if (def.type === 'counter') {
      out.push({
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints,
      });
    } else {
      out.push({
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints,
      });
    }
  }
  return out;
}
