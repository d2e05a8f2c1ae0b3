import type { DataFrame, Field } from '../sdk/index.ts';

/** One series after scoring, restricted to the panel range. */
export interface ScoredPanelSeries {
  labels: Record<string, string>;
  timestampsMs: ArrayLike<number>;
  value: ArrayLike<number>;
  expected: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  score: ArrayLike<number>;
  anomaly: boolean[];
}

/** `{a="1", b="2"}`, or the expression for an unlabelled series; the frame name. */
function seriesName(labels: Record<string, string>, expr: string): string {
  const entries = Object.entries(labels);
  if (!entries.length) return expr;
  return `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

/**
 * One wide frame per series: time, value, expected, lower, upper, score, anomaly. Every value field
 * carries the series labels, so panels can tell series apart and overrides can style the bands.
 */
export function anomalyFrames(series: readonly ScoredPanelSeries[], expr: string, notice?: string): DataFrame[] {
  return series.map((s, i) => {
    const labels = s.labels;
    const number = (name: string, values: ArrayLike<number>): Field => ({ name, type: 'number', values, labels });
    return {
      name: seriesName(labels, expr),
      fields: [
        { name: 'time', type: 'time', values: s.timestampsMs },
        number('value', s.value),
        number('expected', s.expected),
        number('lower', s.lower),
        number('upper', s.upper),
        { ...number('score', s.score), config: { min: 0, max: 1 } },
        { name: 'anomaly', type: 'boolean', values: s.anomaly, labels },
      ],
      meta: {
        executedQueryString: expr,
        ...(i === 0 && notice ? { notices: [{ severity: 'info' as const, text: notice }] } : {}),
      },
    };
  });
}

/**
 * Alert evaluation: one `numeric-multi` frame per series holding its highest score in the rule's
 * range, labelled with the series labels (unique per PromQL result), so each series is an instance.
 */
export function anomalyAlertFrames(series: readonly ScoredPanelSeries[], expr: string): DataFrame[] {
  return series.map((s) => {
    let max = NaN;
    for (let i = 0; i < s.score.length; i++) {
      const v = s.score[i] as number;
      if (!Number.isNaN(v) && (Number.isNaN(max) || v > max)) max = v;
    }
    return {
      name: seriesName(s.labels, expr),
      fields: [{ name: 'score', type: 'number', values: [max], labels: s.labels }],
      meta: { type: 'numeric-multi', typeVersion: [0, 1], executedQueryString: expr },
    };
  });
}
