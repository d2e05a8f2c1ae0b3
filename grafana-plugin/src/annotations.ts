import type { AnnotationEvent } from '@grafana/data';

/** The fields of an anomaly frame (backend anomalyFrames.ts) that annotations read. */
export const ANOMALY_FIELDS = { time: 'time', anomaly: 'anomaly', value: 'value', score: 'score' } as const;

/** The structural part of a data frame this mapping needs; Grafana's DataFrame satisfies it. */
export interface FrameLike {
  name?: string;
  fields: ReadonlyArray<{ name: string; values: ArrayLike<unknown> }>;
}

type Columns = Map<string, ArrayLike<unknown>>;

/**
 * The backend sends each series as timeseries-multi frames, one per `series_kind` (value,
 * expected, …, anomaly), all carrying the series' frame name: regroup them into one set of
 * columns per series. A single wide frame (older backends) is one group already.
 */
function seriesColumns(frames: readonly FrameLike[]): Map<string, Columns> {
  const groups = new Map<string, Columns>();
  for (const frame of frames) {
    const key = frame.name ?? '';
    const columns = groups.get(key) ?? new Map<string, ArrayLike<unknown>>();
    groups.set(key, columns);
    for (const f of frame.fields) columns.set(f.name, f.values);
  }
  return groups;
}

/** The anomaly flag: 1 (timeseries-multi frames) or true (older wide frames). */
const flagged = (v: unknown) => v === 1 || v === true;

/**
 * Anomalies as annotations: each run of consecutive anomalous points in a series is one region
 * event (one point: an instant), titled with the series and its highest score in the run.
 * Frames without the anomaly field (drift queries) yield none.
 */
export function anomalyAnnotations(frames: readonly FrameLike[]): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const [series, columns] of seriesColumns(frames)) {
    const time = columns.get(ANOMALY_FIELDS.time);
    const flag = columns.get(ANOMALY_FIELDS.anomaly);
    if (!time || !flag) continue;
    const score = columns.get(ANOMALY_FIELDS.score);
    const value = columns.get(ANOMALY_FIELDS.value);
    let start = -1;
    for (let i = 0; i <= flag.length; i++) {
      const on = i < flag.length && flagged(flag[i]);
      if (on && start < 0) start = i;
      if (on || start < 0) continue;
      const end = i - 1;
      let top = -Infinity;
      for (let j = start; j <= end; j++) {
        const s = Number(score?.[j]);
        if (Number.isFinite(s)) top = Math.max(top, s);
      }
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
