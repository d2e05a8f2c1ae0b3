import { TARGET_ALERTS } from './alertNames.ts';
import { annotations, DASHBOARDS, PANELS } from './annotations.ts';
import { matchers } from './promql.ts';
import { RULE_LABEL, SEVERITY } from './ruleLabels.ts';
import type { AlertingRule, RuleGroup } from './ruleTypes.ts';
import type { Spec } from './spec.ts';
import type { TimeScale } from './timeScale.ts';

/**
 * Prometheus' own per-target series and labels (not Sieve metrics, so not in the catalog): `up` is 1
 * after a successful scrape and 0 after a failed one; `job` names the scrape config.
 */
export const SCRAPE = { up: 'up', job: 'job' } as const;

/**
 * A dead exporter makes Sieve's series vanish rather than turn bad, so every Sieve job gets two
 * alerts: the target is down (`up == 0`), or the job has no target at all (`absent(up{job})`: the
 * scrape config or service discovery lost it).
 */
export function targetAlertGroup(spec: Spec, scale: TimeScale): RuleGroup | undefined {
  const t = spec.targets;
  if (!t.jobs.length) return undefined;
  const rules: AlertingRule[] = t.jobs.flatMap((job) => {
    const up = `${SCRAPE.up}${matchers({ [SCRAPE.job]: job })}`;
    const labels = { ...spec.labels, [SCRAPE.job]: job };
    return [
      {
        alert: TARGET_ALERTS.down,
        expr: `${up} == 0`,
        for: scale.duration(t.downFor),
        labels: { ...labels, [RULE_LABEL.severity]: SEVERITY.page },
        annotations: annotations(
          spec,
          TARGET_ALERTS.down,
          {
            summary: 'A Sieve scrape target is down.',
            description: `Prometheus has failed to scrape {{ $labels.instance }} of job ${job} for ${t.downFor}: its pipelines and models are not measured, and their series have gone stale.`,
          },
          // Which pipelines went quiet: their last runs stop.
          DASHBOARDS.pipelines,
          [],
          PANELS.pipelineLastRun
        ),
      },
      {
        alert: TARGET_ALERTS.missing,
        expr: `absent(${up})`,
        for: scale.duration(t.missingFor),
        labels: { ...labels, [RULE_LABEL.severity]: SEVERITY.ticket },
        annotations: annotations(
          spec,
          TARGET_ALERTS.missing,
          {
            summary: 'A Sieve scrape job has no targets.',
            description: `Prometheus has had no target for job ${job} for ${t.missingFor}: the scrape config or service discovery no longer finds it, so nothing it measures is seen.`,
          },
          // Which pipelines went quiet: their last runs stop.
          DASHBOARDS.pipelines,
          [],
          PANELS.pipelineLastRun
        ),
      },
    ];
  });
  return { name: 'sieve-target-health', rules };
}
