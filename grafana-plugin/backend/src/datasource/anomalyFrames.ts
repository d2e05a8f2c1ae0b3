import type { DataFrame, FieldConfig } from '../sdk/index.ts';

/** One series after scoring, restricted to the panel range. */
export interface ScoredPanelSeries {
  labels: Record<string, string>;
  timestampsMs: ArrayLike<number>;
  value: ArrayLike<number>;
  expected: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  /** NaN (null in the frame) where the detector has not scored the point (warmUp.ts). */
  score: ArrayLike<number>;
  /** 1 where the detector flags an anomaly, 0 where it scored the point normal, NaN where it did not score it. */
  anomaly: ArrayLike<number>;
}

/** `{a="1", b="2"}`, or the expression for an unlabelled series; the frame name. */
export function seriesName(labels: Record<string, string>, expr: string): string {
  const entries = Object.entries(labels);
  if (!entries.length) return expr;
  return `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

/** The label that tells an anomaly series' frames apart; its values are the field names. */
export const SERIES_KIND_LABEL = 'series_kind';
export const SERIES_KINDS = ['value', 'expected', 'lower', 'upper', 'score', 'anomaly'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

const KIND_CONFIG: Partial<Record<SeriesKind, FieldConfig>> = {
  score: { min: 0, max: 1 },
  // 0/1 so that the frame stays numeric (a bool field makes the SDK call the frame "long");
  // the mapping names the states for state-timeline panels and annotations.
  anomaly: {
    min: 0,
    max: 1,
    mappings: [{ type: 'value', options: { '0': { text: 'normal', index: 0 }, '1': { text: 'anomaly', index: 1 } } }],
  },
};

/**
 * Data-plane `timeseries-multi` (version 0.1): per series, one frame per kind — value, expected,
 * lower, upper, score, anomaly (0/1) — each `[time, <kind>]` with the series labels plus
 * `series_kind=<kind>`. One value field per frame and distinct label sets are what Grafana's
 * server-side expressions and alerting accept (a wide frame with a bool field is "long" to them).
 * The frames of one series share its name, so panels and annotations can regroup them.
 */
export function anomalyFrames(
  series: readonly ScoredPanelSeries[],
  expr: string,
  notices: readonly string[] = [],
  stepMs?: number
): DataFrame[] {
  // The step on the time field (as Grafana's Prometheus datasource sets it): panels then break the
  // line where samples are missing instead of drawing it across the hole.
  const timeConfig = stepMs ? { config: { interval: stepMs } } : {};
  return series.flatMap((s, i) => {
    const name = seriesName(s.labels, expr);
    const values: Record<SeriesKind, ArrayLike<number>> = {
      value: s.value,
      expected: s.expected,
      lower: s.lower,
      upper: s.upper,
      score: s.score,
      anomaly: s.anomaly,
    };
    return SERIES_KINDS.map((kind, k): DataFrame => ({
      name,
      fields: [
        { name: 'time', type: 'time', values: s.timestampsMs, ...timeConfig },
        {
          name: kind,
          type: 'number',
          values: values[kind],
          labels: { ...s.labels, [SERIES_KIND_LABEL]: kind },
          ...(KIND_CONFIG[kind] ? { config: KIND_CONFIG[kind] } : {}),
        },
      ],
      meta: {
        type: 'timeseries-multi',
        typeVersion: [0, 1],
        executedQueryString: expr,
        ...(i === 0 && k === 0 && notices.length ? { notices: infoNotices(notices) } : {}),
      },
    }));
  });
}

/**
 * Alert evaluation: one `numeric-multi` frame per series holding its highest score in the rule's
 * range, labelled with the series labels (unique per PromQL result), so each series is an instance.
 * A series without a scored point (a detector still warming up) gives NaN: null in the frame, which
 * Grafana's alerting reads as NoData for that instance rather than "not anomalous".
 */
export function anomalyAlertFrames(
  series: readonly ScoredPanelSeries[],
  expr: string,
  notices: readonly string[] = []
): DataFrame[] {
  return series.map((s, i) => {
    let max = NaN;
    for (let j = 0; j < s.score.length; j++) {
      const v = s.score[j] as number;
      if (!Number.isNaN(v) && (Number.isNaN(max) || v > max)) max = v;
    }
    return {
      name: seriesName(s.labels, expr),
      fields: [{ name: 'score', type: 'number', values: [max], labels: s.labels }],
      meta: {
        type: 'numeric-multi',
        typeVersion: [0, 1],
        executedQueryString: expr,
        ...(i === 0 && notices.length ? { notices: infoNotices(notices) } : {}),
      },
    };
  });
}

function infoNotices(texts: readonly string[]) {
  return texts.map((text) => ({ severity: 'info' as const, text }));
}
