import { z } from 'zod';
import { DEFAULT_DETECTOR, DETECTORS, type DetectorName } from '@sieve/scoring';
import { ValidationError } from './errors.ts';
import { parsePrometheusDuration } from '@sieve/otel-instrumentation/catalog';
import { parseInstant } from './instant.ts';
import { DEFAULT_MEASURE, MEASURE_NAMES, type MeasureName } from './driftMeasures.ts';
import { MAX_RANGE_MS } from './timeRange.ts';

/**
 * The query models, one schema per query type. Grafana stores extra keys in the model (refId,
 * datasource, hide, ...), so unknown keys are ignored rather than rejected. Every error names the
 * field: `drift query: field "measure": expected one of psi, js, ...`.
 */

export const QUERY_TYPES = ['drift', 'anomaly'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export const DEFAULT_WINDOW = '1h';
/** Longest PromQL expression or matcher text accepted (Prometheus' own URL limits are lower). */
export const MAX_TEXT = 20_000;

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: () => `expected one of ${values.join(', ')}` });
}

/** A Prometheus duration string, as milliseconds; `max` bounds it. */
function duration(max = MAX_RANGE_MS) {
  return z
    .string({ error: 'expected a duration such as "5m", "1h" or "7d"' })
    .max(100, { error: 'longer than 100 characters' })
    .transform((text, ctx) => {
      const ms = parsePrometheusDuration(text.trim());
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a positive duration such as "5m", "1h" or "7d", got "${text}"`,
        });
        return z.NEVER;
      }
      if (ms > max) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is longer than the maximum` });
        return z.NEVER;
      }
      return ms;
    });
}

/**
 * An instant: a JSON number is epoch milliseconds (as Grafana's time ranges); a string is what the
 * Prometheus API accepts, Unix seconds or an RFC 3339 date (instant.ts).
 */
const instant = z
  .union([z.number(), z.string()], {
    error: 'expected epoch milliseconds, Unix seconds as a string, or an RFC 3339 date',
  })
  .transform((v, ctx) => {
    const ms = typeof v === 'number' ? v : parseInstant(v.trim());
    if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
      ctx.addIssue({
        code: 'custom',
        message: `not a valid time: ${JSON.stringify(v).slice(0, 80)}; expected an RFC 3339 date such as "2026-01-01T00:00:00Z", Unix seconds such as "1767225600", or epoch milliseconds as a number`,
      });
      return z.NEVER;
    }
    return ms;
  });

export const BASELINE_TYPES = ['exported', 'offset', 'range'] as const;

const baselineSchema = z.discriminatedUnion(
  'type',
  [
    /** The reference distribution the instrumentation exports (METRICS.featureBaseline). */
    z.object({ type: z.literal('exported') }),
    /** The same window, `offset` earlier (e.g. "7d": the same hour last week). */
    z.object({ type: z.literal('offset'), offset: duration() }),
    /** A fixed absolute range, e.g. the training period. */
    z
      .object({ type: z.literal('range'), from: instant, to: instant })
      .refine((b) => b.to > b.from, { message: '"to" must be after "from"', path: ['to'] })
      .refine((b) => b.to - b.from <= MAX_RANGE_MS, { message: 'longer than the 5-year maximum', path: ['to'] }),
  ],
  { error: () => `expected one of ${BASELINE_TYPES.join(', ')}` }
);

export const driftSchema = z.object({
  /** PromQL label matchers selecting features; empty = all features. */
  features: z
    .string({ error: 'expected label matchers as a string, e.g. feature=~"age|income"' })
    .max(MAX_TEXT, { error: `longer than ${MAX_TEXT} characters` })
    .default(''),
  measure: oneOf(MEASURE_NAMES).default(DEFAULT_MEASURE),
  baseline: baselineSchema.default({ type: 'exported' }),
  /** Length of the current window ending at each step (time series format). */
  window: duration().optional(),
  step: duration().optional(),
  format: oneOf(['timeseries', 'table']).default('timeseries'),
  /**
   * What alert requests get per feature: 'verdict' (the measure when the change is beyond sampling
   * noise, else 0; see driftFrames.ts verdictValue) or 'value' (the raw measure).
   */
  alertValue: oneOf(['verdict', 'value']).default('verdict'),
});

export const DETECTOR_NAMES = Object.keys(DETECTORS) as [DetectorName, ...DetectorName[]];

export const anomalySchema = z.object({
  expr: z
    .string({ error: 'expected a PromQL expression' })
    .trim()
    .min(1, { error: 'a PromQL expression is required' })
    .max(MAX_TEXT, { error: `longer than ${MAX_TEXT} characters` }),
  detector: oneOf(DETECTOR_NAMES).default(DEFAULT_DETECTOR),
  params: z.record(z.string(), z.number({ error: 'expected a number' })).default({}),
  step: duration().optional(),
  /** History scored before the panel range so the detector has warmed up; see anomalyQuery.ts. */
  warmup: duration().optional(),
});

export type DriftQuery = z.infer<typeof driftSchema>;
export type Baseline = DriftQuery['baseline'];
export type AnomalyQuery = z.infer<typeof anomalySchema>;
/** The models as the editor writes them (before defaults and transforms): the frontend's query types. */
export type DriftQueryInput = z.input<typeof driftSchema>;
export type AnomalyQueryInput = z.input<typeof anomalySchema>;
export type ParsedQuery = ({ queryType: 'drift' } & DriftQuery) | ({ queryType: 'anomaly' } & AnomalyQuery);
export type { MeasureName };

function describeIssue(kind: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${kind} query: invalid`;
  const path = issue.path.map(String).join('.');
  return path ? `${kind} query: field "${path}": ${issue.message}` : `${kind} query: ${issue.message}`;
}

/**
 * Parses the raw query model. `queryType` comes from the DataQuery, or from the model when Grafana
 * leaves it empty (older alert rules); the model's `queryType` must then be one we know.
 */
export function parseQuery(queryType: string, json: string): ParsedQuery {
  let model: unknown;
  try {
    model = json.trim() === '' ? {} : JSON.parse(json);
  } catch {
    throw new ValidationError('query: the query model is not valid JSON');
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    throw new ValidationError('query: the query model must be a JSON object');
  }
  const fromModel = (model as { queryType?: unknown }).queryType;
  const type = queryType || (typeof fromModel === 'string' ? fromModel : '');
  if (type === 'drift') {
    const r = driftSchema.safeParse(model);
    if (!r.success) throw new ValidationError(describeIssue('drift', r.error));
    return { queryType: 'drift', ...r.data };
  }
  if (type === 'anomaly') {
    const r = anomalySchema.safeParse(model);
    if (!r.success) throw new ValidationError(describeIssue('anomaly', r.error));
    // The raw keys: zod's record drops a `__proto__` key that JSON.parse kept as an own key.
    const rawParams = (model as { params?: unknown }).params;
    validateParams(r.data.detector, typeof rawParams === 'object' && rawParams !== null ? rawParams : {});
    return { queryType: 'anomaly', ...r.data };
  }
  throw new ValidationError(
    `query: field "queryType": ${type ? `unknown query type "${type}"` : 'missing'}; expected one of ${QUERY_TYPES.join(', ')}`
  );
}

/** Checks detector parameters against the detector's own schema from '@sieve/scoring'. */
function validateParams(detector: DetectorName, params: object): void {
  const specs = DETECTORS[detector].params;
  for (const [key, value] of Object.entries(params)) {
    // Own keys only: a parameter named toString or constructor is unknown, not Object.prototype's.
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    const field = `anomaly query: field "params.${key}"`;
    if (!spec) {
      const known = Object.keys(specs);
      throw new ValidationError(
        `${field}: detector "${detector}" has no such parameter (${known.length ? `known: ${known.join(', ')}` : 'it takes none'})`
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
      throw new ValidationError(`${field}: must be in [${spec.min}, ${spec.max}], got ${value}`);
    }
  }
}
