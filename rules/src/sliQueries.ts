import { LABEL, METRICS, RUN_OUTCOMES } from '@sieve/otel-instrumentation/catalog';
import { missingShare } from './dataQuality.ts';
import { currentPsi } from './featurePsi.ts';
import {
  accuracy,
  accuracyFloor,
  actualNegatives,
  falsePositiveRate,
  falsePositives,
  negativesRate,
} from './modelQuality.ts';
import { anyOf, by, matchers, num, positive } from './promql.ts';
import { extraLabels, sloLabels, type Slo } from './spec.ts';
import type { TimeScale } from './timeScale.ts';

/**
 * The PromQL behind each SLI kind. Two shapes:
 * - `events`: a ratio of bad events to all events over a window (runs, predictions, records);
 * - `time`: a 0/1 "bad right now" condition, averaged over a window (share of bad time), for
 *   SLIs that are states rather than events: freshness, drift, quality, cost.
 */
export type SliQuery =
  | {
      readonly type: 'events';
      /** Labels identifying one SLI series. */
      readonly labels: readonly string[];
      /** Bad events / all events over `window` (a scaled Prometheus duration); absent without events. */
      errorRatio(window: string): string;
      /**
       * Bad events and all events per second over `window`, grouped by `labels`: the bad rate reads 0
       * (not nothing) wherever the all rate exists. The period ratio sums both over the period.
       */
      badRate(window: string): string;
      allRate(window: string): string;
      /** All events in `window`, for the minimum-traffic guard, and the labels it is grouped by. */
      events(window: string): string;
      readonly eventLabels: readonly string[];
      /** Bad events in `window` (0 when there were events but none bad), where they are counted directly. */
      badEvents?(window: string): string;
    }
  | {
      readonly type: 'time';
      readonly labels: readonly string[];
      /** 1 while the SLI is bad, 0 while good; absent while there is no data. */
      readonly bad: string;
      /**
       * One series per SLI identity that had data within `range` (value irrelevant): what a
       * missing-is-bad SLI remembers, so a dead exporter's minutes still count.
       */
      seenWithin(range: string): string;
    };

const M = METRICS;
const BAD_RUNS = RUN_OUTCOMES.filter((o) => o !== 'success');

/**
 * An events SLI over two counters: `all` events and `bad` ones (series with their matchers). The
 * ratio is `(bad or all * 0) / all`, so a group with traffic but no bad series reads 0, not nothing.
 */
function countedEvents(labels: readonly string[], all: string, bad: string): SliQuery {
  const g = by(labels);
  const rate = (series: string, w: string) => `sum ${g} (rate(${series}[${w}]))`;
  return {
    type: 'events',
    labels,
    eventLabels: labels,
    errorRatio: (w) => `(${rate(bad, w)} or ${rate(all, w)} * 0) / ${positive(rate(all, w))}`,
    badRate: (w) => `${rate(bad, w)} or ${rate(all, w)} * 0`,
    allRate: (w) => rate(all, w),
    events: (w) => `sum ${g} (increase(${all}[${w}]))`,
    badEvents: (w) => `(sum ${g} (increase(${bad}[${w}])) or sum ${g} (increase(${all}[${w}])) * 0)`,
  };
}

export function sliQuery(slo: Slo, scale: TimeScale): SliQuery {
  const labels = sloLabels(slo);
  const g = by(labels);
  const sel = slo.selector;
  const sli = slo.sli;
  const extra = extraLabels(slo);
  switch (sli.kind) {
    case 'pipelineSuccess': {
      const runs = M.pipelineRuns.prometheus.name;
      return countedEvents(
        labels,
        `${runs}${matchers(sel)}`,
        `${runs}${matchers(sel, { [LABEL.outcome]: anyOf(BAD_RUNS) })}`
      );
    }
    case 'completeness': {
      const records = M.datasetRecords.prometheus.name;
      const dataset = by([LABEL.dataset, ...extra]);
      const missing = (w: string) => `sum ${g} (rate(${M.datasetMissing.prometheus.name}${matchers(sel)}[${w}]))`;
      return {
        type: 'events',
        labels,
        eventLabels: [LABEL.dataset, ...extra],
        errorRatio: (w) => missingShare(matchers(sel), w, extra),
        // Per field: a field's events are its dataset's records (while the field has a missing series).
        badRate: missing,
        allRate: (w) =>
          `${missing(w)} * 0 + on (${[LABEL.dataset, ...extra].join(', ')}) group_left () ` +
          `sum ${dataset} (rate(${records}${matchers(sel)}[${w}]))`,
        events: (w) => `sum ${dataset} (increase(${records}${matchers(sel)}[${w}]))`,
      };
    }
    case 'latency': {
      const h = M.modelPredictionDuration.prometheus;
      const all = (w: string) => `sum ${g} (rate(${h.count}${matchers(sel)}[${w}]))`;
      const le = leMatcher(sli.threshold);
      const fast = (w: string) => `sum ${g} (rate(${h.bucket}${matchers({ ...sel, ...le.equal }, le.regex)}[${w}]))`;
      return {
        type: 'events',
        labels,
        eventLabels: labels,
        errorRatio: (w) => `(${all(w)} - ${fast(w)}) / ${positive(all(w))}`,
        badRate: (w) => `${all(w)} - ${fast(w)}`,
        allRate: all,
        events: (w) => `sum ${g} (increase(${h.count}${matchers(sel)}[${w}]))`,
      };
    }
    case 'availability':
      return countedEvents(
        labels,
        `${M.modelPredictions.prometheus.name}${matchers(sel)}`,
        `${M.modelErrors.prometheus.name}${matchers(sel)}`
      );
    case 'falsePositiveRate': {
      return {
        type: 'events',
        labels,
        eventLabels: labels,
        errorRatio: (w) => falsePositiveRate(sel, `[${w}]`, labels),
        badRate: (w) => falsePositives(sel, `[${w}]`, labels),
        allRate: (w) => negativesRate(sel, `[${w}]`, labels),
        events: (w) => actualNegatives(sel, `[${w}]`, labels),
      };
    }
    case 'freshness': {
      const gauge = (sli.of === 'pipeline' ? M.pipelineLastSuccess : M.featureLastUpdate).prometheus.name;
      return {
        type: 'time',
        labels,
        bad: `time() - max ${g} (${gauge}${matchers(sel)}) > bool ${num(scale.seconds(sli.maxAge))}`,
        seenWithin: (r) => `max ${g} (last_over_time(${gauge}${matchers(sel)}[${r}]))`,
      };
    }
    case 'drift': {
      const psi = M.featurePsi.prometheus.name;
      const current = currentPsi(matchers(sel), labels, scale.seconds(sli.staleAfter));
      return {
        type: 'time',
        labels,
        bad: `max ${g} (\n  ${current}\n) > bool ${num(sli.maxPsi)}\n`,
        seenWithin: (r) => `max ${g} (last_over_time(${psi}${matchers(sel)}[${r}]))`,
      };
    }
    case 'quality': {
      const current = accuracy(sel, `[${scale.duration(sli.window)}]`, labels);
      return {
        type: 'time',
        labels,
        bad: `${current} < bool ${accuracyFloor(sel, sli.baseline, sli.maxDrop, scale.duration, labels)}`,
        seenWithin: (r) => `max ${g} (last_over_time(${M.modelOutcomes.prometheus.name}${matchers(sel)}[${r}]))`,
      };
    }
    case 'costPerPrediction': {
      const w = scale.duration(sli.window);
      const cost = `sum ${g} (rate(${M.modelCost.prometheus.name}${matchers(sel)}[${w}]))`;
      const predictions = `sum ${g} (rate(${M.modelPredictions.prometheus.name}${matchers(sel)}[${w}]))`;
      return {
        type: 'time',
        labels,
        bad: `${cost} / ${positive(predictions)} > bool ${num(sli.max)}`,
        seenWithin: (r) => `max ${g} (last_over_time(${M.modelPredictions.prometheus.name}${matchers(sel)}[${r}]))`,
      };
    }
  }
}

/** The `le` label value the exporter writes for a bucket edge (0.2 → "0.2", 1 → "1"). */
export function leValue(edge: number): string {
  return num(edge);
}

/** Matches the bucket on Prometheus 2 ("1") and 3, which normalises whole numbers to "1.0". */
function leMatcher(edge: number): { equal: Record<string, string>; regex: Record<string, string> } {
  const value = leValue(edge);
  return Number.isInteger(edge)
    ? { equal: {}, regex: { [LABEL.le]: `${value}(\\.0)?` } }
    : { equal: { [LABEL.le]: value }, regex: {} };
}
