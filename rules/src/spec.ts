import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_LATENCY_BUCKETS, LABEL } from '@sieve/otel-instrumentation/catalog';
import { DURATION_HINT, isDuration, parseDuration } from './durations.ts';
import { ALERTNAME, RULE_LABEL } from './ruleLabels.ts';

/**
 * The SLO spec (`version: sieve/v1`): SLOs with an SLI each, plus the direct alerts for pipelines
 * and models. Modelled on Sloth's `prometheus/v1`; parsed and validated here, at the boundary.
 */

const duration = z.string().refine(isDuration, { message: DURATION_HINT });
/**
 * A window, age, schedule or offset: longer than 0s. Prometheus refuses a `[0s]` range (and then
 * the whole rule file), and a zero age or schedule makes an alert that always or never fires.
 * `for:` holds stay `duration` (0s means at once).
 */
const span = duration.refine((d) => !isDuration(d) || parseDuration(d) > 0, {
  message: 'must be longer than 0s',
});
const ratio = z.number().gt(0).lt(1);
const positive = z.number().gt(0);
// Label names and values end up in PromQL and Alertmanager matchers: keep them plain.
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name');
/**
 * Prometheus and Grafana expand `{{ ... }}` in alert labels and annotations, where names and
 * descriptions end up: a name holding template text would turn into something else in the page.
 */
const TEMPLATE_TEXT = /\{\{|\}\}/;
const TEMPLATE_HINT = '`{{` and `}}` are not allowed: alert labels and annotations expand them as templates';
const noTemplate = (v: string) => !TEMPLATE_TEXT.test(v);
const labelValue = z
  .string()
  .regex(/^[^"\\\n]*$/, 'quotes, backslashes and newlines are not allowed')
  .refine(noTemplate, TEMPLATE_HINT);
const url = z.url().refine(noTemplate, TEMPLATE_HINT);
const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected lowercase letters, digits and dashes');
const catalogLabels: readonly string[] = Object.values(LABEL);
/**
 * Equality matchers on the SLI's metrics, e.g. `{model: fraud, env: prod}`. Catalog labels must be
 * ones the SLI kind has; any other label (job, env, cluster, ...) is also kept in the SLI's `by`, so
 * each environment is its own SLI instead of being summed into one.
 */
const selector = z.record(labelName, labelValue);

/** A quality baseline: a fixed value, or the same measure over an earlier window. */
const baseline = z.union([z.strictObject({ value: ratio }), z.strictObject({ window: span, offset: span })]);

const sli = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pipelineSuccess'),
    /** How often the pipeline runs. Set for sparse pipelines: event-count alerts replace burn rates. */
    schedule: span.optional(),
    /** With `schedule`: page after this many failed runs in a row (and no success between). */
    failedRunsInARow: z.number().int().min(1).default(2),
    /** With `schedule`: how late the next success may be before `SievePipelineRunMissed` fires. */
    late: span.optional(),
  }),
  z.strictObject({ kind: z.literal('freshness'), of: z.enum(['pipeline', 'feature']), maxAge: span }),
  z.strictObject({ kind: z.literal('completeness') }),
  z.strictObject({
    kind: z.literal('drift'),
    maxPsi: positive,
    /**
     * A group (Pushgateway group, target) whose feature was last updated more than this before the
     * feature's newest update is stale (a renamed or retired job): its PSI no longer counts.
     */
    staleAfter: span.default('1h'),
  }),
  z.strictObject({
    kind: z.literal('latency'),
    threshold: positive,
    /** The latency histogram's bucket edges; the threshold must be one of them. */
    buckets: z
      .array(positive)
      .min(1)
      .default([...DEFAULT_LATENCY_BUCKETS]),
  }),
  z.strictObject({ kind: z.literal('availability') }),
  z.strictObject({ kind: z.literal('quality'), baseline, maxDrop: ratio, window: span }),
  z.strictObject({ kind: z.literal('falsePositiveRate') }),
  z.strictObject({ kind: z.literal('costPerPrediction'), max: positive, window: span }),
]);

/** How a time-based SLI treats minutes without data (event SLIs have no events then: nothing to count). */
export const MISSING_DATA = ['bad', 'excluded'] as const;
export type MissingData = (typeof MISSING_DATA)[number];
/**
 * The decision per time-based SLI kind. A silent pipeline or feature is not fresh: missing is bad.
 * Drift, quality and cost cannot be judged without data: excluded, with its own no-data alert.
 */
export const MISSING_DATA_DEFAULT = {
  freshness: 'bad',
  drift: 'excluded',
  quality: 'excluded',
  costPerPrediction: 'excluded',
} as const satisfies Record<string, MissingData>;
export type TimeSliKind = keyof typeof MISSING_DATA_DEFAULT;
export function isTimeSli(kind: string): kind is TimeSliKind {
  return kind in MISSING_DATA_DEFAULT;
}

const slo = z.strictObject({
  name,
  description: z.string().min(1).refine(noTemplate, TEMPLATE_HINT),
  /** Percent of good events (or of good time), in (0, 100). */
  objective: z.number().gt(0).lt(100),
  period: span.default('30d'),
  /** Minimum-traffic guard: burn-rate alerts need this many events in their long window. */
  minEvents: z.number().int().min(0).default(0),
  selector: selector.default({}),
  /** Extra labels on this SLO's alerts, e.g. `pipeline` to tie a feature SLO to its pipeline. */
  labels: z.record(labelName, labelValue).default({}),
  sli,
  /** Time-based SLIs only: `bad` or `excluded`; the default depends on the kind (MISSING_DATA_DEFAULT). */
  missingData: z.enum(MISSING_DATA).optional(),
  /** Excluded missing data: `SieveSloNoData` fires after this long without data. */
  noDataFor: duration.default('1h'),
  alerting: z.strictObject({ page: z.boolean().default(true), ticket: z.boolean().default(true) }).default({
    page: true,
    ticket: true,
  }),
});

const pipeline = z.strictObject({
  name: labelValue.min(1),
  /** SievePipelineNotRunning: no run finished for this long. */
  notRunningAfter: span,
  /** SievePipelineFailing: the last run has not succeeded for this long. */
  failingFor: duration,
  features: z
    .strictObject({
      names: z.array(labelValue.min(1)).min(1),
      maxAge: span,
      psi: z.strictObject({ moderate: positive, significant: positive, ticketFor: duration, pageFor: duration }),
    })
    .optional(),
  datasets: z
    .strictObject({
      names: z.array(labelValue.min(1)).min(1),
      minCompleteness: ratio,
      window: span,
      for: duration,
      schemaChangeWindow: span,
    })
    .optional(),
});

/** Scrape jobs that serve Sieve metrics: `up == 0` and absent-target alerts for each. */
const targets = z.strictObject({
  jobs: z.array(labelValue.min(1)).default([]),
  downFor: duration.default('5m'),
  missingFor: duration.default('10m'),
});

const model = z.strictObject({
  name: labelValue.min(1),
  accuracy: z.strictObject({ baseline, maxDrop: ratio, window: span, for: duration }).optional(),
  falsePositiveRate: z.strictObject({ max: ratio, window: span, for: duration }).optional(),
});

/** Labels the generator sets itself; a spec may not override them. */
const RESERVED_LABELS: readonly string[] = [ALERTNAME, ...Object.values(RULE_LABEL)];
const checkLabels = (labels: Record<string, string>, path: PropertyKey[], ctx: z.RefinementCtx) => {
  for (const key of Object.keys(labels)) {
    if (RESERVED_LABELS.includes(key)) {
      ctx.addIssue({ code: 'custom', path: [...path, key], message: `${key} is set by the generator` });
    }
  }
};

const checkUnique = (
  items: readonly { name: string }[],
  key: 'slos' | 'pipelines' | 'models',
  what: string,
  ctx: z.RefinementCtx
) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name))
      ctx.addIssue({ code: 'custom', path: [key, i, 'name'], message: `duplicate ${what} name` });
    seen.add(item.name);
  });
};

export const specSchema = z
  .strictObject({
    version: z.literal('sieve/v1'),
    service: name,
    runbookBaseUrl: url,
    dashboardBaseUrl: url,
    /** Added to every generated alert. */
    labels: z.record(labelName, labelValue).default({}),
    slos: z.array(slo).default([]),
    pipelines: z.array(pipeline).default([]),
    models: z.array(model).default([]),
    targets: targets.default({ jobs: [], downFor: '5m', missingFor: '10m' }),
    /** Webhook URLs of the two receivers in the generated alertmanager.yml. */
    alertmanager: z
      .strictObject({ pagerUrl: z.url(), ticketUrl: z.url() })
      .default({ pagerUrl: 'http://127.0.0.1:9095/page', ticketUrl: 'http://127.0.0.1:9095/ticket' }),
  })
  .superRefine((spec, ctx) => {
    checkLabels(spec.labels, ['labels'], ctx);
    // Names become rule group names and Grafana rule UIDs: Prometheus refuses a repeated group.
    checkUnique(spec.slos, 'slos', 'SLO', ctx);
    checkUnique(spec.pipelines, 'pipelines', 'pipeline', ctx);
    checkUnique(spec.models, 'models', 'model', ctx);
    // A repeated job repeats its rules: promtool's lint refuses duplicate rules.
    const jobs = new Set<string>();
    spec.targets.jobs.forEach((job, i) => {
      if (jobs.has(job))
        ctx.addIssue({ code: 'custom', path: ['targets', 'jobs', i], message: `duplicate job ${job}` });
      jobs.add(job);
    });
    spec.slos.forEach((s, i) => {
      checkLabels(s.labels, ['slos', i, 'labels'], ctx);
      if (parseDuration(s.period) < parseDuration('1d')) {
        ctx.addIssue({ code: 'custom', path: ['slos', i, 'period'], message: 'the period must be at least 1d' });
      }
      for (const key of Object.keys(s.selector)) {
        const problem = selectorProblem(s.sli, key);
        if (problem) ctx.addIssue({ code: 'custom', path: ['slos', i, 'selector', key], message: problem });
      }
      const time = isTimeSli(s.sli.kind);
      if (s.missingData && !time) {
        ctx.addIssue({
          code: 'custom',
          path: ['slos', i, 'missingData'],
          message: `only time-based SLIs (${Object.keys(MISSING_DATA_DEFAULT).join(', ')}) have missing minutes; ${s.sli.kind} counts events`,
        });
      }
      if (s.sli.kind === 'latency' && !s.sli.buckets.includes(s.sli.threshold)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slos', i, 'sli', 'threshold'],
          message: `${s.sli.threshold} is not a bucket edge of the latency histogram, so no request could be counted against it; use one of ${s.sli.buckets.join(', ')} (or set sli.buckets to the edges your exporter uses)`,
        });
      }
      if (s.sli.kind === 'pipelineSuccess' && s.sli.schedule && s.minEvents > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['slos', i, 'minEvents'],
          message: `a pipeline that runs every ${s.sli.schedule} is alerted on by run count (failedRunsInARow), not by burn rate; drop minEvents`,
        });
      }
      if (
        s.sli.kind === 'pipelineSuccess' &&
        s.sli.schedule &&
        parseDuration(s.sli.schedule) > parseDuration(s.period)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['slos', i, 'sli', 'schedule'],
          message: 'must not be longer than the period',
        });
      }
    });
    // Feature and dataset series carry no pipeline label: a name under two pipelines would raise
    // each pipeline's alerts for the other's series.
    const owner = { features: new Map<string, string>(), datasets: new Map<string, string>() };
    spec.pipelines.forEach((p, i) => {
      for (const kind of ['features', 'datasets'] as const) {
        (p[kind]?.names ?? []).forEach((n, j) => {
          const first = owner[kind].get(n);
          if (first !== undefined && first !== p.name) {
            ctx.addIssue({
              code: 'custom',
              path: ['pipelines', i, kind, 'names', j],
              message: `${JSON.stringify(n)} is also listed under pipeline ${JSON.stringify(first)}; ${kind === 'features' ? LABEL.feature : LABEL.dataset} series carry no pipeline label, so its alerts would fire for both pipelines: list it under one`,
            });
          } else owner[kind].set(n, p.name);
        });
      }
      const psi = p.features?.psi;
      if (psi && psi.significant <= psi.moderate) {
        ctx.addIssue({
          code: 'custom',
          path: ['pipelines', i, 'features', 'psi', 'significant'],
          message: 'must be above moderate',
        });
      }
    });
  });

export type Spec = z.output<typeof specSchema>;
export type Slo = Spec['slos'][number];
export type Sli = Slo['sli'];
export type SliKind = Sli['kind'];
export type Targets = Spec['targets'];
export type Baseline = z.output<typeof baseline>;
export type PipelineAlerts = Spec['pipelines'][number];
export type ModelAlerts = Spec['models'][number];

/** The catalog labels that identify one SLI series (Sloth's "grouping"), per SLI kind. */
export function sliLabels(sli: Sli): string[] {
  switch (sli.kind) {
    case 'pipelineSuccess':
      return [LABEL.pipeline];
    case 'freshness':
      return [sli.of === 'pipeline' ? LABEL.pipeline : LABEL.feature];
    case 'completeness':
      return [LABEL.dataset, LABEL.field];
    case 'drift':
      return [LABEL.feature];
    case 'latency':
    case 'availability':
    case 'quality':
    case 'falsePositiveRate':
    case 'costPerPrediction':
      return [LABEL.model];
  }
}

/** Selector labels outside the catalog (job, env, cluster, ...): kept in the SLI's `by`. */
export function extraLabels(slo: Slo): string[] {
  return Object.keys(slo.selector).filter((k) => !catalogLabels.includes(k));
}

/** Every label of one SLO's SLI series: the kind's identity plus the extra selector labels. */
export function sloLabels(slo: Slo): string[] {
  return [...sliLabels(slo.sli), ...extraLabels(slo)];
}

/** Why a selector label cannot be used, or undefined when it can. */
function selectorProblem(s: Sli, key: string): string | undefined {
  if (RESERVED_LABELS.includes(key) || key.startsWith('__')) return `${key} is set by the generator`;
  if (!catalogLabels.includes(key)) return undefined;
  // A model SLI may also pick one version (canary against stable); its series still group by model.
  const allowed = [...sliLabels(s), ...(sliLabels(s).includes(LABEL.model) ? [LABEL.version] : [])];
  return allowed.includes(key)
    ? undefined
    : `${s.kind} SLIs can select on ${allowed.join(', ')} (or on labels outside the catalog, such as job or env)`;
}

export class SpecError extends Error {
  readonly issues: readonly string[];
  constructor(source: string, issues: readonly string[]) {
    super(`invalid SLO spec ${source}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'SpecError';
    this.issues = issues;
  }
}

/** Parses and validates a spec; every error names its field path (`slos["checkout"].objective`). */
export function parseSpec(yamlText: string, source = '<spec>'): Spec {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new SpecError(source, [`not valid YAML: ${(error as Error).message}`]);
  }
  const result = specSchema.safeParse(raw);
  if (!result.success) {
    throw new SpecError(
      source,
      result.error.issues.map((issue) => `${formatPath(raw, issue.path)}: ${issueMessage(raw, issue)}`)
    );
  }
  return result.data;
}

/**
 * One zod issue in a spec author's words: zod's own text says "received undefined" for a missing
 * field and never echoes a wrong choice, so both are reworded from the value found at the path.
 * Messages the schema wrote itself (custom, refinements) are kept as they are.
 */
export function issueMessage(raw: unknown, issue: z.core.$ZodIssue): string {
  const value = valueAt(raw, issue.path);
  const oneOf = (options: readonly unknown[]) => options.map((o) => (typeof o === 'string' ? o : String(o))).join(', ');
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? `required (${article(issue.expected)})`
        : `expected ${article(issue.expected)}, got ${JSON.stringify(value)}`;
    case 'invalid_value':
      if (value === undefined)
        return `required (${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${oneOf(issue.values)}`})`;
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}, got ${JSON.stringify(value)}`
        : `${JSON.stringify(value)} is not one of ${oneOf(issue.values)}`;
    case 'invalid_union': {
      const options = (issue as { options?: readonly unknown[] }).options;
      if (!options) return issue.message;
      return value === undefined
        ? `required (one of ${oneOf(options)})`
        : `${JSON.stringify(value)} is not one of ${oneOf(options)}`;
    }
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return issue.message;
  }
}

const article = (type: string) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isRecord(node)) node = node[String(part)];
    else return undefined;
  }
  return node;
}

/** `slos["checkout-latency"].objective`: list items by their name when they have one, else `[2]`. */
export function formatPath(raw: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let node: unknown = raw;
  let out = '';
  path.forEach((part, i) => {
    if (typeof part === 'number') {
      const item: unknown = Array.isArray(node) ? node[part] : undefined;
      const name = isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
      out += name === undefined ? `[${part}]` : `[${JSON.stringify(name)}]`;
      node = item;
    } else {
      out += `${i === 0 ? '' : '.'}${String(part)}`;
      node = isRecord(node) ? node[String(part)] : undefined;
    }
  });
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
