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
 * The store's series as OTel MetricData, cumulative since the store started. Histograms come out
 * as real explicit-bucket histograms (the Prometheus exporter writes `_bucket{le}`, `_sum`,
 * `_count`); gauges that were never set are left out.
 */
export function toMetricData(store: MetricStore, nowMs: number): MetricData[] {
  const startTime = hrTime(store.startTimeMs);
  const endTime = hrTime(nowMs);
  const out: MetricData[] = [];
  for (const key of Object.keys(METRICS) as MetricKey[]) {
    const def = METRICS[key];
    const descriptor = { name: def.name, description: def.description, unit: def.unit, valueType: ValueType.DOUBLE };
    const cells = [...store.cells(key)];
    if (cells.length === 0) continue;
    if (def.type === 'histogram') {
      const dataPoints = (cells as HistogramCell[]).map((c) => {
        const counts = Array.from(c.counts);
        let count = 0;
        for (const n of counts) count += n;
        return {
          startTime,
          endTime,
          attributes: c.attributes,
          value: { buckets: { boundaries: [...c.boundaries], counts }, sum: c.sum, count },
        };
      });
      out.push({
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints,
      });
      continue;
    }
    const dataPoints = (cells as ScalarCell[])
      .filter((c) => !Number.isNaN(c.value))
      .map((c) => ({ startTime, endTime, attributes: c.attributes, value: c.value }));
    if (dataPoints.length === 0) continue;
    if (def.type === 'counter') {
      out.push({
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
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
