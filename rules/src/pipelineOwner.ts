import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { anyOf } from './promql.ts';
import { sliLabels, type Slo, type Spec } from './spec.ts';

/**
 * Feature and dataset series carry no `pipeline` label, but the spec lists each feature and dataset
 * under the one pipeline that produces it. An SLO over features or datasets (drift, completeness,
 * feature freshness) gets that pipeline on its alerts from this mapping, so the Alertmanager
 * inhibition "a down or failing pipeline inhibits its symptoms" (`equal: [pipeline]`) matches them
 * (review F14). Names no pipeline lists keep no pipeline label, as before.
 */

type OwnedLabel = typeof LABEL.feature | typeof LABEL.dataset;

/** The feature or dataset label an SLO's series are identified by, if any. */
function ownedLabel(slo: Slo): OwnedLabel | undefined {
  const labels = sliLabels(slo.sli);
  if (labels.includes(LABEL.pipeline)) return undefined;
  if (labels.includes(LABEL.feature)) return LABEL.feature;
  if (labels.includes(LABEL.dataset)) return LABEL.dataset;
  return undefined;
}

/** Pipeline name → the names it lists under `label`, for the pipelines that list any. */
function owners(spec: Spec, label: OwnedLabel): Array<{ pipeline: string; names: readonly string[] }> {
  return spec.pipelines
    .map((p) => ({ pipeline: p.name, names: (label === LABEL.feature ? p.features : p.datasets)?.names ?? [] }))
    .filter((o) => o.names.length > 0);
}

/** Whether the alert's own labels already fix `pipeline` (a rule label wins over the series'). */
function pipelineIsFixed(spec: Spec, slo: Slo): boolean {
  return LABEL.pipeline in spec.labels || LABEL.pipeline in slo.labels;
}

/**
 * `expr` with a `pipeline` label on every series whose feature (or dataset) a pipeline of the spec
 * lists: one `label_replace` per pipeline, which leaves other series untouched and keeps `$value`.
 */
export function withOwningPipeline(spec: Spec, slo: Slo, expr: string): string {
  const label = ownedLabel(slo);
  if (!label || pipelineIsFixed(spec, slo)) return expr;
  let out = expr.trimEnd();
  for (const { pipeline, names } of owners(spec, label)) {
    // `$` in a replacement refers to a capture group; `$$` is a literal dollar.
    const replacement = pipeline.replaceAll('$', '$$$$');
    const args = [LABEL.pipeline, replacement, label, anyOf(names)].map((a) => JSON.stringify(a)).join(', ');
    out = `label_replace(\n${out.replace(/^/gm, '  ')},\n  ${args}\n)`;
  }
  return `${out}\n`;
}

/** The `pipeline` label an alert of this SLO carries for a series with `ids`, as withOwningPipeline adds it. */
export function owningPipelineLabel(
  spec: Spec,
  slo: Slo,
  ids: Readonly<Record<string, string>>
): Record<string, string> {
  const label = ownedLabel(slo);
  const name = label && ids[label];
  if (!label || name === undefined || pipelineIsFixed(spec, slo)) return {};
  // label_replace runs innermost first: a name listed twice (refused by the spec) would take the last.
  const owner = owners(spec, label).findLast((o) => o.names.includes(name));
  return owner ? { [LABEL.pipeline]: owner.pipeline } : {};
}

/** A name some pipeline lists under the SLO's feature or dataset label, for tests that need an owned one. */
export function anOwnedName(spec: Spec, slo: Slo): { label: OwnedLabel; name: string } | undefined {
  const label = ownedLabel(slo);
  const first = label && owners(spec, label)[0]?.names[0];
  return label && first !== undefined ? { label, name: first } : undefined;
}
