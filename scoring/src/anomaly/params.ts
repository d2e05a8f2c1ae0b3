import type { ParamSpec } from './types.ts';

/**
 * Merges user parameters over the defaults and validates them against the schema. Errors name the
 * detector and the parameter.
 */
export function resolveParams<K extends string>(
  detector: string,
  specs: Record<K, ParamSpec>,
  given: Record<string, number> | undefined
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(specs) as K[]) out[key] = specs[key].default;
  if (given === undefined) return out;
  if (typeof given !== 'object' || given === null) throw new Error(`${detector}: params must be an object`);
  for (const [key, value] of Object.entries(given)) {
    if (!Object.hasOwn(specs, key)) {
      throw new Error(`${detector}: unknown parameter "${key}" (known: ${Object.keys(specs).join(', ')})`);
    }
    const spec = specs[key as K];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${detector}: parameter "${key}" must be a finite number, got ${String(value)}`);
    }
    if (value < spec.min || value > spec.max) {
      throw new Error(`${detector}: parameter "${key}" must be in [${spec.min}, ${spec.max}], got ${value}`);
    }
    out[key as K] = value;
  }
  return out;
}

/** Shared by the forecasting models: clipping errors before updating keeps a lone spike from dragging the state. */
export const CLIP_PARAM = {
  clip: {
    default: 4,
    min: 0.5,
    max: 1000,
    description: 'Forecast errors are clipped at this many σ before updating (Huber-style robustness).',
  },
} satisfies Record<string, ParamSpec>;
