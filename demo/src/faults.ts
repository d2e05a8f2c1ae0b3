import { z } from 'zod';
import { NUMERIC_FEATURES, type NumericFeature } from './names.ts';

/**
 * The faults the demo can inject through its admin endpoint. Each is reversible: clearing it
 * restores normal behaviour (a schema change reverts to the original schema).
 */
export const FAULTS = [
  'drift',
  'stalledPipeline',
  'schemaChange',
  'missingValues',
  'latencySpike',
  'failingPredictions',
  'failingPipeline',
  'deadExporter',
] as const;
export type Fault = (typeof FAULTS)[number];

export const FAULT_DESCRIPTIONS: Readonly<Record<Fault, string>> = {
  drift: 'shifts the chosen numeric features (default: distance) far from their baseline',
  stalledPipeline: 'the feature pipeline stops running, so its features go stale',
  schemaChange: 'upstream retypes delay to a string and adds tail_number (the dataset schema changes)',
  missingValues: 'a share of the distance values arrive as null',
  latencySpike: 'every prediction takes an extra 300 ms',
  failingPredictions: 'every prediction fails with a 500',
  failingPipeline: 'every pipeline run fails',
  deadExporter: "the model server's /metrics endpoint stops listening",
};

/** Options a fault can take, validated at the admin endpoint. */
export const faultOptionsSchema = z.strictObject({
  /** drift: which numeric features shift. */
  features: z.array(z.enum(NUMERIC_FEATURES)).min(1).optional(),
  /** drift: how far, in multiples of the feature's typical spread (added to the value). */
  shift: z.number().min(0).max(100).optional(),
  /** missingValues: the share of values that go missing. */
  share: z.number().gt(0).max(1).optional(),
  /** latencySpike: extra ms per prediction. */
  extraMs: z.number().int().min(0).max(60_000).optional(),
});
export type FaultOptions = z.infer<typeof faultOptionsSchema>;

export const DEFAULT_DRIFT: { features: readonly NumericFeature[]; shift: number } = {
  features: ['distance'],
  shift: 3,
};
export const DEFAULT_MISSING_SHARE = 0.3;
export const DEFAULT_EXTRA_MS = 300;

/** The faults switched on right now, with their options. */
export class FaultState {
  private readonly on = new Map<Fault, FaultOptions>();

  inject(fault: Fault, options: FaultOptions = {}): void {
    this.on.set(fault, options);
  }
  clear(fault: Fault): void {
    this.on.delete(fault);
  }
  clearAll(): void {
    this.on.clear();
  }
  has(fault: Fault): boolean {
    return this.on.has(fault);
  }
  options(fault: Fault): FaultOptions | undefined {
    return this.on.get(fault);
  }
  active(): Record<string, FaultOptions> {
    return Object.fromEntries(this.on);
  }
}

export const isFault = (name: string): name is Fault => (FAULTS as readonly string[]).includes(name);
