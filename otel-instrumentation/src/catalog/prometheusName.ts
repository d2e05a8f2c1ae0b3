import type { InstrumentType } from './metricDefinition.ts';

/**
 * The Prometheus metric name that `@opentelemetry/exporter-prometheus` 0.301.0 derives from an OTel
 * instrument name: characters outside [a-zA-Z0-9_] become '_', runs of '_' collapse, a leading digit
 * gets a '_' prefix, and monotonic counters gain '_total'. That exporter appends no unit suffix; a
 * test scrapes the real exporter and compares, so a future exporter change is caught there.
 */
export function prometheusName(otelName: string, type: InstrumentType): string {
  let name = prometheusLabel(otelName);
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (type === 'counter' && !name.endsWith('_total')) name += '_total';
  return name;
}

/** Attribute keys map to label names with the same sanitising rule. */
export function prometheusLabel(attributeKey: string): string {
  return attributeKey.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');
}
