import { createDetector, scoreSeries, DETECTORS, DEFAULT_DETECTOR } from '@sieve/scoring';

const d = createDetector('ensemble'); // or 'zscore' | 'ewma' | 'seasonal' | 'holtwinters'
const p = d.update(Date.now(), 42.1); // { score, expected, lower, upper, anomaly }

// A day of one-minute points with a level shift at 18:00.
const start = Date.UTC(2026, 0, 1);
const timestampsMs = Float64Array.from({ length: 1440 }, (_, i) => start + i * 60_000);
const values = Float64Array.from({ length: 1440 }, (_, i) => 50 + Math.sin(i / 7) + (i >= 1080 ? 20 : 0));
const batch = scoreSeries('ensemble', { cooldown: 200 }, timestampsMs, values); // Float64Arrays + Uint8Array

console.log(p.score, batch.anomaly.indexOf(1)); // 0 (warm-up), then the first flagged point: just after 1080
console.log(DEFAULT_DETECTOR, Object.keys(DETECTORS[DEFAULT_DETECTOR].params).length);
