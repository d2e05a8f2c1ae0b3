import { z } from 'zod';
import type { Spec } from '@sieve/rules';
import { DEFAULT_UIDS } from './datasources.ts';

/**
 * What a team passes to the builders: its SLO spec (the one `rules/` reads), the uids of its own
 * datasources, and optionally the pipelines, models and features its variables offer (default:
 * whatever Prometheus has). Validated here, at the boundary; errors name the field.
 */
const uid = z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, 'expected a Grafana uid (letters, digits, - and _; at most 40)');
const names = z.array(
  z
    .string()
    .min(1)
    .regex(/^[^"\\\n]*$/, 'quotes, backslashes and newlines are not allowed')
);

export const optionsSchema = z.strictObject({
  datasources: z
    .strictObject({ prometheus: uid.default(DEFAULT_UIDS.prometheus), sieve: uid.default(DEFAULT_UIDS.sieve) })
    .default({ prometheus: DEFAULT_UIDS.prometheus, sieve: DEFAULT_UIDS.sieve }),
  pipelines: names.optional(),
  models: names.optional(),
  features: names.optional(),
  datasets: names.optional(),
});

export type DashboardOptionsInput = z.input<typeof optionsSchema>;
export type DashboardOptions = z.output<typeof optionsSchema> & { readonly spec: Spec };

export function parseOptions(spec: Spec, input: DashboardOptionsInput = {}): DashboardOptions {
  const result = optionsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`dashboard options: field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`);
  }
  return { ...result.data, spec };
}
