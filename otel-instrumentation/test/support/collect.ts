import type { Attributes } from '@opentelemetry/api';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import type { Sieve } from '../../src/index.ts';

export interface CollectedHistogram {
  boundaries: number[];
  counts: number[];
  sum: number;
  count: number;
}

export interface CollectedSeries {
  name: string;
  attributes: Attributes;
  value: number | CollectedHistogram;
}

/** Every series the Sieve's MetricProducer hands to a reader, flattened. */
export async function collect(sieve: Sieve): Promise<CollectedSeries[]> {
  const result = await sieve.metricProducer.collect();
  const out: CollectedSeries[] = [];
  for (const scope of result.resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const p of metric.dataPoints) {
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const h = p.value as { buckets: { boundaries: number[]; counts: number[] }; sum?: number; count: number };
          out.push({
            name: metric.descriptor.name,
            attributes: p.attributes,
            value: { ...h.buckets, sum: h.sum ?? NaN, count: h.count },
          });
        } else out.push({ name: metric.descriptor.name, attributes: p.attributes, value: p.value as number });
      }
    }
  }
  return out;
}

/** The series of `name` whose attributes include `attrs`. */
export function find(series: CollectedSeries[], name: string, attrs: Attributes = {}): CollectedSeries[] {
  return series.filter((s) => s.name === name && Object.entries(attrs).every(([k, v]) => s.attributes[k] === v));
}

/** The single scalar value of `name` with `attrs`; throws if there is not exactly one. */
export function scalar(series: CollectedSeries[], name: string, attrs: Attributes = {}): number {
  const found = find(series, name, attrs);
  if (found.length !== 1) throw new Error(`${name} ${JSON.stringify(attrs)}: ${found.length} series`);
  const v = (found[0] as CollectedSeries).value;
  if (typeof v !== 'number') throw new Error(`${name} is a histogram`);
  return v;
}

export function histogram(series: CollectedSeries[], name: string, attrs: Attributes = {}): CollectedHistogram {
  const found = find(series, name, attrs);
  if (found.length !== 1) throw new Error(`${name} ${JSON.stringify(attrs)}: ${found.length} series`);
  const v = (found[0] as CollectedSeries).value;
  if (typeof v === 'number') throw new Error(`${name} is not a histogram`);
  return v;
}
