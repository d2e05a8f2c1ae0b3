export type { AnomalyPoint, DetectorName, DetectorSpec, ParamSpec, ScoredSeries, StreamingDetector } from './types.ts';
export { createDetector, DEFAULT_DETECTOR, DETECTORS, isDetectorName } from './registry.ts';
export { scoreSeries } from './scoreSeries.ts';
export { RollingOrderStats } from './rollingOrderStats.ts';
