import type { MeterProvider, Observable } from '@opentelemetry/api';
import { METRICS, type MetricKey } from '../catalog/index.ts';
import type { MetricStore, ScalarCell } from '../store/metricStore.ts';
import { SIEVE_SCOPE } from './metricData.ts';

/**
 * Exports the store's counters and gauges through observable instruments of any MeterProvider,
 * for `startSieve({ meterProvider })` without a metricProducer. The callback runs once per
 * collection, so attributes are hashed at scrape time, never on the hot path. Histograms cannot
 * travel this way (an observable cannot report buckets); they need the MetricProducer.
 */
export function observableBridge(store: MetricStore, provider: MeterProvider): void {
  const meter = provider.getMeter(SIEVE_SCOPE.name, SIEVE_SCOPE.version);
  const instruments: Array<[MetricKey, Observable]> = [];
  for (const key of Object.keys(METRICS) as MetricKey[]) {
    const def = METRICS[key];
    const options = { unit: def.unit, description: def.description };
    if (def.type === 'counter') instruments.push([key, meter.createObservableCounter(def.name, options)]);
    else if (def.type === 'gauge') instruments.push([key, meter.createObservableGauge(def.name, options)]);
  }
  meter.addBatchObservableCallback(
    (result) => {
      store.prepareCollection();
      for (const [key, instrument] of instruments) {
        for (const cell of store.cells(key) as Iterable<ScalarCell>) {
          if (!Number.isNaN(cell.value)) result.observe(instrument, cell.value, cell.attributes);
        }
      }
    },
    instruments.map(([, i]) => i)
  );
}
