import type { DetectorName, DetectorSpec, StreamingDetector } from './types.ts';
import { ZSCORE_SPEC, ZScoreDetector } from './zscore.ts';

export const DEFAULT_DETECTOR: DetectorName = 'zscore';

/** Every detector with its parameter schema (defaults, ranges, descriptions). */
export const DETECTORS: Record<DetectorName, DetectorSpec> = {
  zscore: ZSCORE_SPEC,
  ewma: { description: 'EWMA mean and variance bands (not yet implemented).', params: {} },
  seasonal: { description: 'Same phase one day and one week back (not yet implemented).', params: {} },
  holtwinters: { description: 'Additive Holt-Winters (not yet implemented).', params: {} },
  ensemble: { description: 'Combination of the other detectors (not yet implemented).', params: {} },
};

export function isDetectorName(name: string): name is DetectorName {
  return Object.hasOwn(DETECTORS, name);
}

/** A fresh streaming detector. Throws an Error naming the bad detector or parameter. */
export function createDetector(name: DetectorName, params?: Record<string, number>): StreamingDetector {
  switch (name) {
    case 'zscore':
      return new ZScoreDetector(params);
    default:
      if (!isDetectorName(name))
        throw new Error(`unknown detector "${String(name)}" (known: ${Object.keys(DETECTORS).join(', ')})`);
      throw new Error(`detector "${name}" is not implemented yet`);
  }
}
