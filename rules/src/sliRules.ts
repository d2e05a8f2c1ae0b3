import { formatDuration, parseDuration } from './durations.ts';
import { num, positive } from './promql.ts';
import { RULE_LABEL } from './ruleLabels.ts';
import type { RecordingRule, RuleGroup } from './ruleTypes.ts';
import { sliQuery } from './sliQueries.ts';
import { sloIdentity, sloSelector } from './sloIdentity.ts';
import { isTimeSli, MISSING_DATA_DEFAULT, type MissingData, type Slo, type Spec } from './spec.ts';
import type { TimeScale } from './timeScale.ts';
import { burnPairs, FINE_WINDOW, type BurnPair } from './windows.ts';

/** Sloth-style recording-rule names: `slo:sli_error:ratio_rate5m` and friends. */
export const RECORD = {
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  events: (window: string) => `slo:sli_events:increase${window}`,
  /** Event SLIs: all events and bad events per second, summed over the period for its ratio. */
  eventRate: (window: string) => `slo:sli_events:rate${window}`,
  badEventRate: (window: string) => `slo:sli_bad_events:rate${window}`,
  /** Event SLIs: when the SLI was first seen (unix seconds), kept while seen within the period. */
  firstSeen: 'slo:sli_events:first_seen_timestamp',
  /** Time-based SLIs: 1 while bad, 0 while good, one sample per evaluation. */
  badNow: 'slo:sli_error:bool',
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
} as const;

/** Sparse pipelines (a `schedule`) are alerted on by run count; the others by burn rate. */
export function isSparse(slo: Slo): boolean {
  return slo.sli.kind === 'pipelineSuccess' && slo.sli.schedule !== undefined;
}

/** The burn-rate pairs an SLO alerts on: none for sparse pipelines. */
export function sloPairs(slo: Slo): BurnPair[] {
  return isSparse(slo) ? [] : burnPairs(slo.period);
}

/**
 * Windows (seconds) an SLO records a ratio for: its pairs' windows and the fine 5m one (the current
 * burn rate); none for sparse pipelines, whose runs are counted.
 */
export function recordedWindows(slo: Slo): number[] {
  if (isSparse(slo)) return [];
  const all = new Set<number>([FINE_WINDOW]);
  for (const p of sloPairs(slo)) all.add(p.long).add(p.short);
  return [...all].sort((a, b) => a - b);
}

/** The recorded windows as they appear in rule names (`slo:sli_error:ratio_rate1h24m`). */
export function recordedWindowNames(slo: Slo): string[] {
  return recordedWindows(slo).map(formatDuration);
}

export function errorBudget(slo: Slo): number {
  return Number((1 - slo.objective / 100).toPrecision(12));
}

export function missingData(slo: Slo): MissingData | undefined {
  return isTimeSli(slo.sli.kind) ? (slo.missingData ?? MISSING_DATA_DEFAULT[slo.sli.kind]) : undefined;
}

/**
 * The evaluation interval, measured: each evaluation records its own time, and the interval is the
 * gap between the last two. Time SLIs need it to count the evaluations a window should hold.
 */
export const EVALUATION = {
  timestamp: 'slo:evaluation_timestamp:seconds',
  interval: 'slo:evaluation_interval:seconds',
  group: 'sieve-slo-evaluation',
} as const;

export function evaluationGroup(scale: TimeScale): RuleGroup {
  return {
    name: EVALUATION.group,
    rules: [
      { record: EVALUATION.timestamp, expr: 'vector(time())' },
      // The range only has to hold two evaluations; an hour covers any sane interval.
      { record: EVALUATION.interval, expr: `idelta(${EVALUATION.timestamp}[${scale.duration('1h')}])` },
    ],
  };
}

/**
 * The mean of `series` over every evaluation step of `w`, not only the steps that have a sample:
 * the sum over the window divided by the number of steps the window spans (w / interval), or by
 * the samples present when a full window holds one more (its both ends). So a 25 s blip in a fresh
 * series is 25 s of the window, not all of it, and a quiet minute counts as a good one.
 * Prometheus downtime counts as good time.
 */
function meanOverAllSteps(series: string, w: string, seconds: number): string {
  return (
    `sum_over_time(${series}[${w}])\n/ clamp_min(count_over_time(${series}[${w}]), ` +
    `scalar(${num(seconds)} / ${EVALUATION.interval}))\n`
  );
}

/** SLI recordings over every window, then the meta recordings (objective, budget, burn). */
export function sliRuleGroups(spec: Spec, slo: Slo, scale: TimeScale): RuleGroup[] {
  const id = sloIdentity(spec, slo);
  const sel = sloSelector(spec, slo);
  const query = sliQuery(slo, scale);
  const windowed = (window: string) => ({ ...id, [RULE_LABEL.sloWindow]: window });
  const period = scale.duration(slo.period);
  const sli: RecordingRule[] = [];
  const fine = formatDuration(FINE_WINDOW);

  if (query.type === 'time') {
    // Missing is bad: an identity seen within the period but silent now records 1 (a dead exporter burns budget).
    const bad = missingData(slo) === 'bad' ? `${query.bad}\nor\n${query.seenWithin(period)} * 0 + 1\n` : query.bad;
    sli.push({ record: RECORD.badNow, expr: bad, labels: id });
  }
  if (query.type === 'events' && !isSparse(slo)) {
    // First in the group: the window ratios below read this evaluation's first-seen time.
    const w = scale.duration(fine);
    sli.push(
      { record: RECORD.badEventRate(fine), expr: query.badRate(w), labels: windowed(fine) },
      { record: RECORD.eventRate(fine), expr: query.allRate(w), labels: windowed(fine) },
      // Carries its own last value, so gaps in the SLI (a server scaled to zero, a job's series
      // gone stale between runs) do not move it; after a whole period unseen it starts afresh.
      {
        record: RECORD.firstSeen,
        expr: `last_over_time(${RECORD.firstSeen}${sel}[${period}])\nor\ntimestamp(${RECORD.eventRate(fine)}${sel})\n`,
        labels: windowed(fine),
      }
    );
  }
  for (const seconds of recordedWindows(slo)) {
    const window = formatDuration(seconds);
    const w = scale.duration(window);
    const expr =
      query.type === 'time'
        ? meanOverAllSteps(`${RECORD.badNow}${sel}`, w, scale.seconds(window))
        : windowRatio(query.errorRatio(w), query.labels, sel, scale.seconds(window));
    sli.push({ record: RECORD.errorRatio(window), expr, labels: windowed(window) });
  }
  sli.push({
    record: RECORD.errorRatio(slo.period),
    expr: periodRatio(slo, sel, period, scale.seconds(slo.period), query),
    labels: windowed(slo.period),
  });
  if (query.type === 'events' && slo.minEvents > 0) {
    for (const long of new Set(sloPairs(slo).map((p) => p.long))) {
      const window = formatDuration(long);
      sli.push({ record: RECORD.events(window), expr: query.events(scale.duration(window)), labels: windowed(window) });
    }
  }

  const budget = num(errorBudget(slo));
  const meta: RecordingRule[] = [
    { record: RECORD.objective, expr: `vector(${num(slo.objective / 100)})`, labels: id },
    { record: RECORD.errorBudget, expr: `vector(${budget})`, labels: id },
    { record: RECORD.periodDays, expr: `vector(${num(parseDuration(slo.period) / 86_400)})`, labels: id },
    ...(isSparse(slo)
      ? []
      : [
          {
            record: RECORD.currentBurnRate,
            expr: `${RECORD.errorRatio(fine)}${sel} / ${budget}`,
            labels: windowed(fine),
          },
        ]),
    {
      record: RECORD.periodBurnRate,
      expr: `${RECORD.errorRatio(slo.period)}${sel} / ${budget}`,
      labels: windowed(slo.period),
    },
    {
      // 1 untouched, 0 spent, below 0 overspent (-1: twice the budget).
      record: RECORD.budgetRemaining,
      expr: `1 - ${RECORD.periodBurnRate}${sel}`,
      labels: windowed(slo.period),
    },
  ];
  return [
    { name: `sieve-slo-sli-recordings-${slo.name}`, rules: sli },
    { name: `sieve-slo-meta-recordings-${slo.name}`, rules: meta },
  ];
}

/**
 * The error ratio of the whole period, with the whole period in the denominator:
 * - time SLIs: bad evaluations / all evaluations of the period (minutes before the data existed are good);
 * - event SLIs: bad events / all events in the period, times the share of the period since the SLI
 *   was first seen (eventsObserved);
 * - sparse pipelines: failed runs / the runs the schedule expects in a period.
 * So one bad minute early in the period is one minute of budget, not the whole ratio.
 */
function periodRatio(
  slo: Slo,
  sel: string,
  period: string,
  seconds: number,
  query: ReturnType<typeof sliQuery>
): string {
  if (query.type === 'time') return meanOverAllSteps(`${RECORD.badNow}${sel}`, period, seconds);
  if (slo.sli.kind === 'pipelineSuccess' && slo.sli.schedule && query.badEvents) {
    const runs = parseDuration(slo.period) / parseDuration(slo.sli.schedule);
    return `${query.badEvents(period)} / ${num(runs)}`;
  }
  return eventsObserved(sel, period, seconds);
}

/**
 * Event SLIs over a period `p`: each evaluation records the 5m bad and all event rates; summed over
 * the period they weigh every event once (each is in the same number of overlapping 5m windows), so
 * their quotient is bad events / all events, whatever the traffic's daily shape. That ratio is scaled
 * by the share of the period since the SLI was first seen (plus one evaluation), capped at 1: time
 * before the data existed counts as good (minutes of history are not the whole period), while later
 * gaps without the series (scaled to zero at night, a job's series stale between runs) hold no
 * events and dilute nothing. Seen but without events reads 0.
 */
function eventsObserved(sel: string, p: string, seconds: number): string {
  const fine = formatDuration(FINE_WINDOW);
  const bad = `sum_over_time(${RECORD.badEventRate(fine)}${sel}[${p}])`;
  const all = `sum_over_time(${RECORD.eventRate(fine)}${sel}[${p}])`;
  return `(\n  ${bad}\n  / ${positive(all)}\n  or\n  ${all} * 0\n)\n* ${observedShare(sel, seconds)}\n`;
}

/**
 * The share of a window of `seconds` since the SLI was first seen (plus one evaluation), capped at 1.
 * An event ratio times this share counts the time before the SLI existed as good time with the same
 * traffic: a = bad / all over the part seen, so the ratio over the whole window is a × seen / window.
 */
function observedShare(sel: string, seconds: number): string {
  const since = `time() - ${RECORD.firstSeen}${sel} + scalar(${EVALUATION.interval})`;
  return `clamp_max((${since}) / ${num(seconds)}, 1)`;
}

/**
 * An event SLI's error ratio over a burn window, with the time before the SLI was first seen
 * counted as good, as the period ratio does (eventsObserved). Without it a window divides by the
 * data that exists: one minute of a new SLI at 10× burn read 10× in the 6h, 1d and 3d windows, and
 * paged (6h/30m at 6×) and ticketed (1d/2h, 3d/6h) though it had spent 0.02% of a 30-day budget.
 * With it, a window w holding t < w of the SLI reads ratio × t / w: the 6h window reaches 6× at
 * 10× burn only once t ≥ 3.6h, as it would for an SLI with a history of good events. Once the SLI
 * is older than the window the factor is 1. Gaps later in the period (scaled to zero overnight) hold
 * no events and dilute nothing, as in the period ratio; after a whole period unseen the SLI is new.
 */
function windowRatio(ratio: string, labels: readonly string[], sel: string, seconds: number): string {
  return `(\n  ${ratio}\n)\n* on (${labels.join(', ')}) ${observedShare(sel, seconds)}\n`;
}
