import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { isDuration, parseDuration } from './durations.ts';
import { ALERTNAME, RULE_LABEL } from './ruleLabels.ts';

/**
 * The SLO spec (`version: sieve/v1`): SLOs with an SLI each, plus the direct alerts for pipelines
 * and models. Modelled on Sloth's `prometheus/v1`; parsed and validated here, at the boundary.
 */

const duration = z.string().refine(isDuration, { message: 'expected a duration such as 30s, 5m, 1h or 30d' });
const ratio = z.number().gt(0).lt(1);
const positive = z.number().gt(0);
// Label names and values end up in PromQL and Alertmanager matchers: keep them plain.
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name');
const labelValue = z.string().regex(/^[^"\\\n]*$/, 'quotes, backslashes and newlines are not allowed');
const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected lowercase letters, digits and dashes');
const metricLabels = Object.values(LABEL) as [string, ...string[]];
/** Equality matchers on the SLI's metrics, e.g. `{pipeline: transactions}`. */
const selector = z
  .partialRecord(z.enum(metricLabels), labelValue)
  .transform((r) => Object.fromEntries(Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined)));

/** A quality baseline: a fixed value, or the same measure over an earlier window. */
const baseline = z.union([z.strictObject({ value: ratio }), z.strictObject({ window: duration, offset: duration })]);

const sli = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pipelineSuccess') }),
  z.strictObject({ kind: z.literal('freshness'), of: z.enum(['pipeline', 'feature']), maxAge: duration }),
  z.strictObject({ kind: z.literal('completeness') }),
  z.strictObject({ kind: z.literal('drift'), maxPsi: positive }),
  z.strictObject({ kind: z.literal('latency'), threshold: positive }),
  z.strictObject({ kind: z.literal('availability') }),
  z.strictObject({ kind: z.literal('quality'), baseline, maxDrop: ratio, window: duration }),
  z.strictObject({ kind: z.literal('falsePositiveRate') }),
  z.strictObject({ kind: z.literal('costPerPrediction'), max: positive, window: duration }),
]);

const slo = z.strictObject({
  name,
  description: z.string().min(1),
  /** Percent of good events (or of good time), in (0, 100). */
  objective: z.number().gt(0).lt(100),
  period: duration.default('30d'),
  /** Minimum-traffic guard: burn-rate alerts need this many events in their long window. */
  minEvents: z.number().int().min(0).default(0),
  selector: selector.default({}),
  /** Extra labels on this SLO's alerts, e.g. `pipeline` to tie a feature SLO to its pipeline. */
  labels: z.record(labelName, labelValue).default({}),
  sli,
  alerting: z.strictObject({ page: z.boolean().default(true), ticket: z.boolean().default(true) }).default({
    page: true,
    ticket: true,
  }),
});

const pipeline = z.strictObject({
  name: labelValue.min(1),
  /** SievePipelineNotRunning: no run finished for this long. */
  notRunningAfter: duration,
  /** SievePipelineFailing: the last run has not succeeded for this long. */
  failingFor: duration,
  features: z
    .strictObject({
      names: z.array(labelValue.min(1)).min(1),
      maxAge: duration,
      psi: z.strictObject({ moderate: positive, significant: positive, ticketFor: duration, pageFor: duration }),
    })
    .optional(),
  datasets: z
    .strictObject({
      names: z.array(labelValue.min(1)).min(1),
      minCompleteness: ratio,
      window: duration,
      for: duration,
      schemaChangeWindow: duration,
    })
    .optional(),
});

const model = z.strictObject({
  name: labelValue.min(1),
  accuracy: z.strictObject({ baseline, maxDrop: ratio, window: duration, for: duration }).optional(),
  falsePositiveRate: z.strictObject({ max: ratio, window: duration, for: duration }).optional(),
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

export const specSchema = z
  .strictObject({
    version: z.literal('sieve/v1'),
    service: name,
    runbookBaseUrl: z.url(),
    dashboardBaseUrl: z.url(),
    /** Added to every generated alert. */
    labels: z.record(labelName, labelValue).default({}),
    slos: z.array(slo).default([]),
    pipelines: z.array(pipeline).default([]),
    models: z.array(model).default([]),
    /** Webhook URLs of the two receivers in the generated alertmanager.yml. */
    alertmanager: z
      .strictObject({ pagerUrl: z.url(), ticketUrl: z.url() })
      .default({ pagerUrl: 'http://127.0.0.1:9095/page', ticketUrl: 'http://127.0.0.1:9095/ticket' }),
  })
  .superRefine((spec, ctx) => {
    checkLabels(spec.labels, ['labels'], ctx);
    const seen = new Set<string>();
    spec.slos.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: ['slos', i, 'name'], message: 'duplicate SLO name' });
      seen.add(s.name);
      checkLabels(s.labels, ['slos', i, 'labels'], ctx);
      if (parseDuration(s.period) < parseDuration('1d')) {
        ctx.addIssue({ code: 'custom', path: ['slos', i, 'period'], message: 'the period must be at least 1d' });
      }
      const allowed = sliLabels(s.sli);
      for (const key of Object.keys(s.selector)) {
        if (!allowed.includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['slos', i, 'selector', key],
            message: `${s.sli.kind} SLIs can select on ${allowed.join(', ')}`,
          });
        }
      }
    });
    spec.pipelines.forEach((p, i) => {
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
export type Baseline = z.output<typeof baseline>;
export type PipelineAlerts = Spec['pipelines'][number];
export type ModelAlerts = Spec['models'][number];

/** The labels that identify one SLI series (Sloth's "grouping"), per SLI kind. */
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

export class SpecError extends Error {
  readonly issues: readonly string[];
  constructor(source: string, issues: readonly string[]) {
    super(`invalid SLO spec ${source}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'SpecError';
    this.issues = issues;
  }
}

/** Parses and validates a spec; every error names its field path (`slos[2].sli.maxAge`). */
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
      result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
    );
  }
  return result.data;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
