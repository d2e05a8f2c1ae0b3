import type { InstantSample, RangeSeries } from './prometheusClient.ts';
import type { KeyedSeries } from './distribution.ts';
import { gridSteps, type Grid } from './timeRange.ts';

/** Series of one feature, keyed by the bin label; `steps` values each. */
export type ByFeature = Map<string, KeyedSeries>;

function slot(out: ByFeature, feature: string, key: string, steps: number): Float64Array {
  let keyed = out.get(feature);
  if (!keyed) out.set(feature, (keyed = new Map()));
  let values = keyed.get(key);
  if (!values) keyed.set(key, (values = new Float64Array(steps).fill(NaN)));
  return values;
}

/** Range-query series `sum by (feature, <key>)` → per feature, per key, values on the grid (NaN where absent). */
export function groupRange(
  series: readonly RangeSeries[],
  featureLabel: string,
  keyLabel: string,
  grid: Grid
): ByFeature {
  const steps = gridSteps(grid);
  const out: ByFeature = new Map();
  for (const s of series) {
    const feature = s.labels[featureLabel];
    const key = s.labels[keyLabel];
    if (feature === undefined || key === undefined) continue;
    const values = slot(out, feature, key, steps);
    for (let j = 0; j < s.timestampsMs.length; j++) {
      const i = Math.round(((s.timestampsMs[j] as number) - grid.startMs) / grid.stepMs);
      if (i >= 0 && i < steps) values[i] = s.values[j] as number;
    }
  }
  return out;
}

/** Instant-query samples → per feature, per key, a single value. */
export function groupInstant(samples: readonly InstantSample[], featureLabel: string, keyLabel: string): ByFeature {
  const out: ByFeature = new Map();
  for (const s of samples) {
    const feature = s.labels[featureLabel];
    const key = s.labels[keyLabel];
    if (feature === undefined || key === undefined || key === '') continue;
    slot(out, feature, key, 1)[0] = s.value;
  }
  return out;
}
