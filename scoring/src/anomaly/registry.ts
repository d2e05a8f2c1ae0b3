import { EnsembleDetector } from './ensemble.ts';
import { EWMA_PARAMS, EwmaModel } from './ewma.ts';
import { HOLTWINTERS_PARAMS, HoltWintersModel } from './holtWinters.ts';
import { LIKELIHOOD_PARAMS } from './likelihood.ts';
import type { Model } from './modelDetector.ts';
import { ModelDetector } from './modelDetector.ts';
import { resolveParams } from './params.ts';
import { SEASONAL_PARAMS, SeasonalModel } from './seasonal.ts';
import type { BatchScorer, DetectorName, DetectorSpec, ParamSpec, StreamingDetector } from './types.ts';
import { ZSCORE_PARAMS, MedianMadModel } from './zscore.ts';

export const DEFAULT_DETECTOR: DetectorName = 'ensemble';

const BAND_PARAM = {
  bandWidth: { default: 3, min: 0.1, max: 100, description: 'Half-width of the lower/upper band, in scale units (σ).' },
} satisfies Record<string, ParamSpec>;

const SHARED = { ...BAND_PARAM, ...LIKELIHOOD_PARAMS };

/** Every detector with its parameter schema (defaults, ranges, descriptions). */
export const DETECTORS: Record<DetectorName, DetectorSpec> = {
  zscore: {
    description: 'Robust rolling z-score: distance from the window median in units of 1.4826 × MAD.',
    params: { ...ZSCORE_PARAMS, ...SHARED },
  },
  ewma: {
    description: 'Exponentially weighted mean with a band from the weighted variance of forecast errors.',
    params: { ...EWMA_PARAMS, ...SHARED },
  },
  seasonal: {
    description: 'Compares each point with the same phase one day and one week back.',
    params: { ...SEASONAL_PARAMS, ...SHARED },
  },
  holtwinters: {
    description: 'Additive Holt-Winters (level, trend, daily season) forecast with an error band.',
    params: { ...HOLTWINTERS_PARAMS, ...SHARED },
  },
  ensemble: {
    description:
      'Runs the z-score, seasonal, EWMA and Holt-Winters models together: alarms when the z-score or the seasonal model finds the point improbable, or EWMA and Holt-Winters both do. Member parameters are accepted as "<member>.<param>".',
    params: {
      ...SHARED,
      ...prefixed('zscore', ZSCORE_PARAMS),
      ...prefixed('seasonal', SEASONAL_PARAMS),
      ...prefixed('ewma', EWMA_PARAMS),
      ...prefixed('holtwinters', HOLTWINTERS_PARAMS),
    },
  },
};

function prefixed(member: string, specs: Record<string, ParamSpec>): Record<string, ParamSpec> {
  return Object.fromEntries(Object.entries(specs).map(([k, v]) => [`${member}.${k}`, v]));
}

/** The resolved values of the parameters in `specs`; for an ensemble member, those named `<member>.<param>`. */
function pick<K extends string>(
  specs: Record<K, ParamSpec>,
  p: Record<string, number>,
  member?: string
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of Object.keys(specs) as K[]) out[k] = p[member === undefined ? k : `${member}.${k}`]!;
  return out;
}

export function isDetectorName(name: string): name is DetectorName {
  return Object.hasOwn(DETECTORS, name);
}

function single<K extends string>(
  name: DetectorName,
  specs: Record<K, ParamSpec>,
  given: Record<string, number> | undefined,
  make: (p: Record<K, number>) => Model
): ModelDetector {
  const p = resolveParams(name, { ...specs, ...SHARED }, given);
  return new ModelDetector(name, make(p), p.bandWidth, pick(LIKELIHOOD_PARAMS, p));
}

/** A fresh streaming detector. Throws an Error naming the bad detector or parameter. */
export function createDetector(name: DetectorName, params?: Record<string, number>): StreamingDetector {
  return createScorer(name, params);
}

/** createDetector's detector, which can also score a whole series at once (scoreSeries uses it). */
export function createScorer(name: DetectorName, params?: Record<string, number>): StreamingDetector & BatchScorer {
  switch (name) {
    case 'zscore':
      return single(name, ZSCORE_PARAMS, params, (p) => new MedianMadModel(p));
    case 'ewma':
      return single(name, EWMA_PARAMS, params, (p) => new EwmaModel(p));
    case 'seasonal':
      return single(name, SEASONAL_PARAMS, params, (p) => new SeasonalModel(p));
    case 'holtwinters':
      return single(name, HOLTWINTERS_PARAMS, params, (p) => new HoltWintersModel(p));
    case 'ensemble': {
      const p: Record<string, number> = resolveParams(name, DETECTORS.ensemble.params, params);
      const lp = pick(LIKELIHOOD_PARAMS, p);
      const member = (n: string, m: Model) => new ModelDetector(n, m, p['bandWidth']!, lp);
      return new EnsembleDetector(
        member('zscore', new MedianMadModel(pick(ZSCORE_PARAMS, p, 'zscore'))),
        member('seasonal', new SeasonalModel(pick(SEASONAL_PARAMS, p, 'seasonal'))),
        member('ewma', new EwmaModel(pick(EWMA_PARAMS, p, 'ewma'))),
        member('holtwinters', new HoltWintersModel(pick(HOLTWINTERS_PARAMS, p, 'holtwinters'))),
        p['bandWidth']!,
        lp
      );
    }
    default:
      throw new Error(`unknown detector "${String(name)}" (known: ${Object.keys(DETECTORS).join(', ')})`);
  }
}
