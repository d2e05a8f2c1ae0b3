import type { MeterProvider } from '@opentelemetry/api';
import { z } from 'zod';
import { MAX_LABEL_VALUE_LENGTH } from './catalog/index.ts';
import { SieveMetricProducer } from './export/producer.ts';
import { isHttpUrl, redactRefusedUrl } from './export/httpEndpoint.ts';
import { quoted } from './quoted.ts';
import { forEachEntry } from './column.ts';
import {
  MAX_PROFILE_BINS,
  baselineProfileSchema,
  looksLikeProfile,
  type BaselineProfile,
} from './baseline/baselineProfile.ts';

/**
 * Schemas of every option the API accepts. Setup is where bad input must fail, loudly and at once,
 * with the field named; the hot path afterwards never throws.
 */

const meterProvider = z.custom<MeterProvider>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { getMeter?: unknown }).getMeter === 'function',
  { message: 'expected a MeterProvider (an object with getMeter())' }
);

/** Finite, strictly increasing bucket upper bounds. */
export const boundariesSchema = z
  .array(z.number().finite())
  .min(1)
  .refine((a) => a.every((x, i) => i === 0 || x > (a[i - 1] as number)), { message: 'must be strictly increasing' });

/**
 * A string that becomes a label value (a handle name, a model version, a field name): non-empty
 * and within the cap, so that it is never truncated into a collision.
 */
export const labelValueSchema = z.string().min(1).max(MAX_LABEL_VALUE_LENGTH);

const temporality = z.enum(['cumulative', 'delta']);

/**
 * Where to push: http(s) only, refused here rather than at the first run's end (`pushgateway:9091`
 * parses as a URL of scheme `pushgateway:`). Userinfo is allowed: it becomes a Basic auth header.
 */
const httpUrl = z.string().superRefine((v, ctx) => {
  if (!isHttpUrl(v)) {
    ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, got ${JSON.stringify(redactRefusedUrl(v))}` });
  }
});

/** Request headers (e.g. `authorization: 'Bearer …'`), checked here: fetch would refuse them only at the push. */
const httpHeaders = z
  .record(z.string(), z.string())
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
        ctx.addIssue({ code: 'custom', message: 'not a valid header name', path: [name] });
      } else if (/[\r\n\0]/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'a header value cannot hold CR, LF or NUL', path: [name] });
      }
    }
  })
  .optional();

const hasAuthorization = (o: { url: string; headers?: Record<string, string> | undefined }): boolean => {
  const userinfo = isHttpUrl(o.url) && ((u) => u.username !== '' || u.password !== '')(new URL(o.url));
  return !(userinfo && Object.keys(o.headers ?? {}).some((h) => h.toLowerCase() === 'authorization'));
};
const notBoth = {
  message: 'credentials in the url and an authorization header: give one of them',
  path: ['headers'],
};

/**
 * How long one push request may take, in ms. At most what a Node timer can wait (2³¹ − 1 ms,
 * about 24.8 days): a longer delay would fire at once.
 */
const timeoutMs = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);

/** The rolling window of in-process PSI, in ms. */
const psiWindowMs = z.number().int().min(1);

const prometheusEndpoint = z.strictObject({
  host: z.string().min(1).optional(),
  // Not 0: metricsUrl must name the real port.
  port: z.number().int().min(1).max(65535).optional(),
});

/**
 * `false`, or the endpoint's object checked field by field: a `z.union` of the two reports any bad
 * field as `options.prometheus: Invalid input`, losing which field and why.
 */
const prometheusOption = z.custom<false | z.input<typeof prometheusEndpoint>>().superRefine((v, ctx) => {
  if (v === false) return;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: `expected false or an object { host?, port? }, got ${quoted(v)}` });
    return;
  }
  const r = prometheusEndpoint.safeParse(v);
  if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
});

export const sieveOptionsSchema = z
  .strictObject({
    serviceName: z.string().min(1),
    prometheus: prometheusOption.optional(),
    otlp: z
      .strictObject({
        url: httpUrl,
        /** Sent with every export, e.g. `{ authorization: 'Bearer …' }`; never shown in messages. */
        headers: httpHeaders,
        intervalMs: z.number().int().min(100).optional(),
        /** What the backend wants: delta for backends that sum deltas, cumulative (default) otherwise. */
        temporality: temporality.optional(),
        /**
         * One export, its retries included (the OTLP exporter retries 429/502/503/504 within it);
         * default the exporter's: OTEL_EXPORTER_OTLP_METRICS_TIMEOUT, OTEL_EXPORTER_OTLP_TIMEOUT, else 10 s.
         */
        timeoutMs: timeoutMs.optional(),
      })
      .refine(hasAuthorization, notBoth)
      .optional(),
    /** A job that exits: push each run's final state to this Pushgateway (grouping key job + pipeline). */
    pushgateway: z
      .strictObject({
        /** `http://user:password@host:9091` sends Basic auth (the userinfo never appears in messages). */
        url: httpUrl,
        /** Sent with every request, e.g. `{ authorization: 'Bearer …' }`; never shown in messages. */
        headers: httpHeaders,
        /** The `job` of the grouping key; default serviceName. */
        job: labelValueSchema.optional(),
        /** One request (the read-back GET, with its body, or the PUT); default 10 s; no retries. */
        timeoutMs: timeoutMs.optional(),
      })
      .refine(hasAuthorization, notBoth)
      .optional(),
    /**
     * A stable identity for this process: OTLP's service.instance.id (default: the host name) and,
     * when set, the `instance` of the Pushgateway grouping key. Never random.
     */
    instance: labelValueSchema.optional(),
    /** OTLP cumulative across runs of a job: the totals are saved here at each run's end and continued. */
    stateFile: z.string().min(1).optional(),
    meterProvider: meterProvider.optional(),
    metricProducer: z.instanceof(SieveMetricProducer).optional(),
    /** Temporality of `sieve.metricProducer`; default OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE. */
    metricProducerTemporality: temporality.optional(),
    /** Library mode: warn on stderr when no reader collected within this many ms (default 120 s). */
    uncollectedWarningMs: z.number().int().min(1).optional(),
    /** Series per metric and per handle (dataset, feature, model version, pipeline); default 2000. */
    cardinalityLimit: z.number().int().min(2).optional(),
    /** Real series per metric over all handles; default 10 × cardinalityLimit. */
    maxSeries: z.number().int().min(1).optional(),
    psiWindowMs: psiWindowMs.optional(),
    /**
     * HMAC key of `categories: 'hash'`. Unset: a random key per process, so hashes are stable only
     * within one process; set it (from a secret) for hashes comparable across restarts and hosts.
     */
    piiHashKey: z.string().min(16).optional(),
  })
  .refine((o) => !(o.meterProvider && (o.otlp || o.prometheus || o.pushgateway)), {
    message:
      'meterProvider cannot be combined with prometheus, otlp or pushgateway; attach readers to that provider instead',
    path: ['meterProvider'],
  });

export type SieveOptions = z.input<typeof sieveOptionsSchema>;

/** A bad value as a setup error shows it: its type, and its value when short (`string "abc"`, `an object`). */
function typed(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${quoted(v)}`;
  return Array.isArray(v) ? 'an array' : quoted(v); // null, undefined, 'an object', 'a bigint'…
}

/**
 * Raw baseline values: an array (or, with `typedArrays`, a typed array) whose every entry passes
 * `ok`. Each bad entry is reported at its index with its type, e.g.
 * `feature("x"): options.baseline.17: expected a number or null, got string "abc"` (parseOptions
 * lists five and counts the rest). A hole reads as undefined; a sparse array is read by its keys.
 */
function valuesSchema<T>(column: string, expected: string, ok: (v: unknown) => boolean, typedArrays: boolean) {
  return z.custom<T>().superRefine((v, ctx) => {
    if (!(Array.isArray(v) || (typedArrays && ArrayBuffer.isView(v) && !(v instanceof DataView)))) {
      ctx.addIssue({ code: 'custom', message: `expected ${column}, got ${typed(v)}` });
      return;
    }
    const values = v as ArrayLike<unknown>;
    if (values.length === 0) ctx.addIssue({ code: 'custom', message: 'baseline is empty' });
    forEachEntry(values, values.length, (x, i) => {
      if (!ok(x)) ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${typed(x)}`, path: [i] });
    });
  });
}

/** Numbers, and what is skipped and counted (null, undefined; NaN and ±Infinity are numbers). */
const isNumberOrMissing = (v: unknown): boolean => typeof v === 'number' || v == null;
/** Categories: strings, and numbers and booleans by their string form; null, undefined and NaN are skipped. */
const isCategoryOrMissing = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v == null;

/**
 * A baseline given as raw values (validated by `raw`) or as a saved profile (loadBaseline) of the
 * feature's kind; a profile's own problems are reported under its fields (`options.baseline.n`).
 */
function rawOrProfile<T>(raw: z.ZodType<T>, kind: BaselineProfile['kind']) {
  // Typed as any profile, as loadBaseline returns one: its kind is checked here, at run time.
  return z.custom<T | BaselineProfile>().superRefine((v, ctx) => {
    const profile = looksLikeProfile(v);
    if (profile && v.kind !== undefined && v.kind !== kind) {
      const hint = kind === 'numeric' ? "add kind: 'categorical' to the options" : 'give it to a numeric feature';
      ctx.addIssue({ code: 'custom', message: `a ${String(v.kind)} profile; ${hint}`, path: ['kind'] });
      return;
    }
    const r = (profile ? baselineProfileSchema : raw).safeParse(v);
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
  });
}

export const FEATURE_KINDS = ['numeric', 'categorical'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/**
 * `options.kind` alone, checked before the kind's own schema: a typo (`'categorial'`) otherwise
 * falls to the numeric schema, whose complaints never name the kinds there are.
 */
export const featureKindSchema = z.unknown().transform((options, ctx): FeatureKind => {
  if (typeof options !== 'object' || options === null) return 'numeric'; // the numeric schema says what is wrong
  const kind = (options as { kind?: unknown }).kind;
  if (kind === undefined) return 'numeric';
  if (FEATURE_KINDS.includes(kind as FeatureKind)) return kind as FeatureKind;
  const expected = FEATURE_KINDS.map((k) => JSON.stringify(k)).join(' or ');
  ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${quoted(kind)}`, path: ['kind'] });
  return z.NEVER;
});

export const numericFeatureSchema = z
  .strictObject({
    kind: z.literal('numeric').optional(),
    /**
     * Finite numbers (null, undefined and NaN are skipped and counted: handle.baselineSkipped), or a
     * saved profile (`loadBaseline(file)`), which brings its own edges.
     */
    baseline: rawOrProfile(
      valuesSchema<ArrayLike<number | null | undefined>>(
        'an array of numbers (or a typed array)',
        'a number or null',
        isNumberOrMissing,
        true
      ),
      'numeric'
    ),
    bins: z.number().int().min(1).max(MAX_PROFILE_BINS).optional(),
    // As many as a saved profile holds, so that what saveBaseline writes, loadBaseline reads.
    edges: boundariesSchema.max(MAX_PROFILE_BINS - 1).optional(),
    /** Overrides startSieve's psiWindowMs for this feature. */
    psiWindowMs: psiWindowMs.optional(),
  })
  .refine((o) => !(o.bins !== undefined && o.edges !== undefined), {
    message: 'give bins or edges, not both',
    path: ['edges'],
  })
  .refine((o) => !(looksLikeProfile(o.baseline) && (o.bins !== undefined || o.edges !== undefined)), {
    message: 'a saved profile brings its own edges; leave out bins and edges',
    path: ['baseline'],
  });

export const categoricalFeatureSchema = z
  .strictObject({
    kind: z.literal('categorical'),
    /**
     * Numbers and booleans count by their string form, as observe() matches them; null and NaN are
     * skipped. Or a saved profile (`loadBaseline(file)`), which brings its own categories.
     */
    baseline: rawOrProfile(
      valuesSchema<ReadonlyArray<string | number | boolean | null | undefined>>(
        'an array of categories',
        'a string, number, boolean or null',
        isCategoryOrMissing,
        false
      ),
      'categorical'
    ),
    topK: z.number().int().min(1).max(MAX_PROFILE_BINS).optional(),
    psiWindowMs: psiWindowMs.optional(),
    /**
     * How categories become label values. Default: detected PII (emails, phones, card numbers, IPs,
     * long digit strings) is replaced by `__pii_<kind>__`, other values kept. 'hash': every value
     * becomes `hash:<12 hex of HMAC-SHA256>`; 'allowlist': values outside `allowlist` become
     * `__other__`; 'raw': exported as is (explicit opt-out).
     */
    categories: z.enum(['hash', 'allowlist', 'raw']).optional(),
    /** Known-safe categories, exported as is in every mode. */
    allowlist: z.array(labelValueSchema).optional(),
  })
  .refine((o) => o.categories !== 'allowlist' || (o.allowlist?.length ?? 0) > 0, {
    message: "categories: 'allowlist' needs a non-empty allowlist",
    path: ['allowlist'],
  })
  .refine((o) => !(looksLikeProfile(o.baseline) && o.topK !== undefined), {
    message: 'a saved profile brings its own categories; leave out topK',
    path: ['baseline'],
  });

export type NumericFeatureOptions = z.input<typeof numericFeatureSchema>;
export type CategoricalFeatureOptions = z.input<typeof categoricalFeatureSchema>;
export type FeatureOptions = NumericFeatureOptions | CategoricalFeatureOptions;

export const FIELD_TYPES = ['number', 'string', 'boolean', 'object'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const datasetOptionsSchema = z.strictObject({
  schema: z.record(labelValueSchema, z.enum(FIELD_TYPES)).optional(),
});
export type DatasetOptions = z.input<typeof datasetOptionsSchema>;

// In the catalog: the rules generator checks latency SLO thresholds against these edges.
export { DEFAULT_LATENCY_BUCKETS } from './catalog/index.ts';
/** Score buckets for probabilities in [0, 1]. */
export const DEFAULT_SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
/** Batch-job run durations in seconds: one second to one day. */
export const DEFAULT_RUN_DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

/** Absolute-error buckets of regression models, in the target's unit. */
export const DEFAULT_ERROR_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000];

export const modelOptionsSchema = z.strictObject({
  version: labelValueSchema.optional(),
  /** `regression`: recordOutcome({ predicted, actual }) with numbers records the absolute error. */
  kind: z.enum(['classification', 'regression']).optional(),
  errorBuckets: boundariesSchema.optional(),
  latencyBuckets: boundariesSchema.optional(),
  scoreBuckets: boundariesSchema.optional(),
});
export type ModelOptions = z.input<typeof modelOptionsSchema>;

export const pipelineOptionsSchema = z.strictObject({
  durationBuckets: boundariesSchema.optional(),
});
export type PipelineOptions = z.input<typeof pipelineOptionsSchema>;

/** At most this many problems are listed in one error; each is cut at MAX_PROBLEM_LENGTH characters. */
export const MAX_PROBLEMS = 5;
export const MAX_PROBLEM_LENGTH = 200;

/**
 * Parses `value` or throws one Error naming the bad fields, e.g. "feature('x'): options.bins: …",
 * where `argument` is the name of the argument that was bad (`options`, `name`). The message is
 * capped: a 100,000-entry baseline with bad entries gives five problems and a count, not megabytes.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
  argument = 'options'
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const problems = issues.slice(0, MAX_PROBLEMS).map((i) => {
    const path = [...(argument === '' ? [] : [argument]), ...i.path.map(String)].join('.');
    const text = `${path}: ${i.message}`;
    return text.length > MAX_PROBLEM_LENGTH ? `${text.slice(0, MAX_PROBLEM_LENGTH)}…` : text;
  });
  if (issues.length > MAX_PROBLEMS) problems.push(`and ${issues.length - MAX_PROBLEMS} more problems`);
  // Callers quote names cut (quoted.ts); this bounds the prefix whatever they pass.
  const prefix = where.length > MAX_PROBLEM_LENGTH ? `${where.slice(0, MAX_PROBLEM_LENGTH)}…` : where;
  throw new Error(`${prefix}: ${problems.join('; ')}`);
}
