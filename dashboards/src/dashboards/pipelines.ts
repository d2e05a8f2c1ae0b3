import { DASHBOARDS, PANELS } from '@sieve/rules';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { commonVariables } from '../commonVariables.ts';
import { sieveDashboard } from '../frame.ts';
import type { DashboardOptions } from '../options.ts';
import { prom, redAbove, redBelow, statPanel, timeseriesPanel } from '../panels.ts';
import { pipelineQueries as Q } from '../queries.ts';
import { specThresholds } from '../specThresholds.ts';

/** Pipelines: are they running, are they succeeding, how long do runs take, how many rows flow. */
export function pipelinesDashboard(o: DashboardOptions) {
  const v = commonVariables(o);
  const t = specThresholds(o.spec);
  return sieveDashboard(
    {
      uid: DASHBOARDS.pipelines,
      title: 'Sieve / Pipelines',
      description: 'Runs, outcomes, durations and rows of each pipeline.',
      from: 'now-24h',
      variables: [v.datasource(), v.pipeline()],
    },
    [
      {
        id: PANELS.pipelineLastRun,
        w: 12,
        h: 6,
        panel: statPanel(
          {
            title: 'Time since the last run, the last success, and data age',
            shows:
              'Seconds since each pipeline last finished a run (any outcome) and last succeeded, and the event-time age of its data (time since its watermark, for pipelines that set one).',
            whenRed:
              'the pipeline stopped running or keeps failing: check its scheduler and the logs of its last run (runbooks SievePipelineNotRunning, SievePipelineFailing).',
          },
          units.Seconds,
          [
            prom(Q.secondsSinceLastRun, '{{pipeline}} last run', 'instant'),
            prom(Q.secondsSinceLastSuccess, '{{pipeline}} last success', 'instant'),
            prom(Q.watermarkAge, '{{pipeline}} data age', 'instant'),
          ],
          { thresholds: redAbove(t.pipelineMaxAge, Math.min(3600, t.pipelineMaxAge / 2)) }
        ),
      },
      {
        id: PANELS.pipelineRuns,
        w: 12,
        h: 6,
        panel: timeseriesPanel(
          {
            title: 'Runs by outcome',
            shows: 'Finished runs per second, by pipeline and outcome (success, failure, partial).',
            whenRed: 'failure or partial runs dominate: open the failing run’s logs and its input data.',
          },
          units.OpsPerSecond,
          [prom(Q.runsByOutcome, '{{pipeline}} {{outcome}}')]
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Success rate',
            shows: `Share of finished runs that succeeded, per pipeline; red below ${t.pipelineSuccess * 100}%, the pipeline-success SLO's objective.`,
            whenRed: 'below the pipeline-success SLO: see the SLO dashboard for the budget left, and the failing runs.',
          },
          units.PercentUnit,
          [prom(Q.successRate, '{{pipeline}}')],
          { min: 0, max: 1, thresholds: redBelow(t.pipelineSuccess, +((1 + t.pipelineSuccess) / 2).toPrecision(12)) }
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Run duration p50 and p95',
            shows: 'Median and 95th percentile wall-clock duration of runs, per pipeline.',
            whenRed: 'runs got slower: check input volume (rows) and upstream latency before the next run overlaps.',
          },
          units.Seconds,
          [prom(Q.durationQuantile(0.5), '{{pipeline}} p50'), prom(Q.durationQuantile(0.95), '{{pipeline}} p95')]
        ),
      },
      {
        w: 8,
        h: 8,
        panel: timeseriesPanel(
          {
            title: 'Rows by kind',
            shows: 'Rows read, written and dropped per second, per pipeline.',
            whenRed:
              'dropped rows rise or written rows fall to zero: look at the data-quality dashboard for the inputs.',
          },
          units.CountsPerSecond,
          [prom(Q.rowsByKind, '{{pipeline}} {{kind}}')]
        ),
      },
    ]
  );
}
