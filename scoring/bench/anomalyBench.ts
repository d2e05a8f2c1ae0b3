/**
 * Anomaly-scoring benchmarks: streaming points/s per detector and batch scoring of 10 series × 10k
 * points, each against a plain running-mean loop measured in the same run on the same data.
 */
import type { Figure } from '@sieve/testkit';
import { medianMs, seededRandom } from '@sieve/testkit';
import { createDetector, DEFAULT_DETECTOR, DETECTORS, scoreSeries } from '../src/anomaly/index.ts';
import type { DetectorName } from '../src/anomaly/index.ts';

/** A noisy daily sine at a 1-minute cadence with occasional spikes (deterministic). */
function series(n: number, seed: number): { t: Float64Array; v: Float64Array } {
  const rand = seededRandom(seed);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = 1_700_000_000_000 + i * 60_000;
    v[i] = 100 + 10 * Math.sin((2 * Math.PI * i) / 1440) + 2 * (rand() - 0.5) + (rand() < 0.001 ? 30 : 0);
  }
  return { t, v };
}

let sink = 0;

/** Baseline: a running mean with a deviation, one point at a time. */
function plainLoop(t: Float64Array, v: Float64Array): void {
  let mean = 0;
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    mean += (v[i]! - mean) / (i + 1);
    acc += Math.abs(v[i]! - mean) + t[i]! * 0;
  }
  sink += acc;
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const n = 1_000_000;
  const { t, v } = series(n, 42);
  const baselineMs = medianMs(() => plainLoop(t, v), 5, 2);
  const baselineRate = n / (baselineMs / 1000);
  for (const name of Object.keys(DETECTORS) as DetectorName[]) {
    const ms = medianMs(
      () => {
        const d = createDetector(name);
        let acc = 0;
        for (let i = 0; i < n; i++) acc += d.update(t[i]!, v[i]!).score;
        sink += acc;
      },
      5,
      1
    );
    const rate = n / (ms / 1000);
    figures.push({
      name: `anomaly.streaming.${name}`,
      value: rate,
      unit: 'points/s',
      baseline: 'running-mean-loop',
      ratio: rate / baselineRate,
      ...(name === 'zscore' ? { target: 5e6 } : name === DEFAULT_DETECTOR ? { target: 1e6, default: true } : {}),
    });
  }
  // Batch: 10 series × 10k points.
  const batch = Array.from({ length: 10 }, (_, k) => series(10_000, 7 + k));
  const batchBaseline = medianMs(() => batch.forEach((s) => plainLoop(s.t, s.v)), 7, 2);
  for (const name of Object.keys(DETECTORS) as DetectorName[]) {
    const ms = medianMs(
      () => batch.forEach((s) => (sink += scoreSeries(name, undefined, s.t, s.v).score[9_999]!)),
      5,
      1
    );
    figures.push({
      name: `anomaly.batch10x10k.${name}`,
      value: ms,
      unit: 'ms',
      baseline: 'running-mean-loop',
      ratio: ms / batchBaseline,
    });
  }
  if (sink === 42) console.log('');
  return figures;
}

// Run directly: `node bench/anomalyBench.ts [--json]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { reportFigures } = await import('@sieve/testkit');
  reportFigures(await run());
}
