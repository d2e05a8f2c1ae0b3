import type { AnnotationEvent } from '@grafana/data';

/** The fields of an anomaly frame (backend anomalyFrames.ts) that annotations read. */
export const ANOMALY_FIELDS = { time: 'time', anomaly: 'anomaly', value: 'value', score: 'score' } as const;

/** The structural part of a data frame this mapping needs; Grafana's DataFrame satisfies it. */
export interface FrameLike {
  name?: string;
  fields: ReadonlyArray<{ name: string; values: ArrayLike<unknown> }>;
}

function field(frame: FrameLike, name: string): ArrayLike<unknown> | undefined {
  return frame.fields.find((f) => f.name === name)?.values;
}

/**
 * Anomalies as annotations: each run of consecutive anomalous points in a series is one region
 * event (one point: an instant), titled with the series and its highest score in the run.
 * Frames without the anomaly field (drift queries) yield none.
 */
export function anomalyAnnotations(frames: readonly FrameLike[]): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames) {
    const time = field(frame, ANOMALY_FIELDS.time);
    const flag = field(frame, ANOMALY_FIELDS.anomaly);
    if (!time || !flag) continue;
    const score = field(frame, ANOMALY_FIELDS.score);
    const value = field(frame, ANOMALY_FIELDS.value);
    let start = -1;
    for (let i = 0; i <= flag.length; i++) {
      const on = i < flag.length && flag[i] === true;
      if (on && start < 0) start = i;
      if (on || start < 0) continue;
      const end = i - 1;
      let top = -Infinity;
      for (let j = start; j <= end; j++) {
        const s = Number(score?.[j]);
        if (Number.isFinite(s)) top = Math.max(top, s);
      }
      const series = frame.name ?? '';
      events.push({
        time: Number(time[start]),
        timeEnd: Number(time[end]),
        isRegion: end > start,
        title: `Anomaly${series ? ` in ${series}` : ''}`,
        text:
          `${end - start + 1} point${end > start ? 's' : ''}, highest score ${Number.isFinite(top) ? top.toFixed(3) : 'n/a'}` +
          (value ? `, value ${String(value[start])} at start` : ''),
        tags: ['anomaly'],
      });
      start = -1;
    }
  }
  return events;
}
