import { METRICS, type MetricKey } from '../catalog/index.ts';
import type { SeriesState } from '../store/metricStore.ts';
import type { PushgatewayGroup } from './pushgateway.ts';

/**
 * One group's catalog series out of the Pushgateway's `GET /metrics` text, read as a stream.
 *
 * The Pushgateway has no per-group read: `/metrics` and `/api/v1/metrics` both return every group.
 * The text is the cheaper of the two (measured with 300 groups: 9.4 MB served in 2.0 s against
 * 11.7 MB in 4.3 s for the JSON, which the Pushgateway also never compresses) and can be filtered
 * line by line: only lines of a catalog family are parsed, only the group's samples are kept, so
 * memory is this group plus one chunk, whatever the size of the Pushgateway.
 *
 * A sample is the group's when its job, pipeline and instance (`""` for a group without one, as
 * the Pushgateway writes it) are the group's and every other label is one of its family's catalog
 * labels: a group with another grouping label (a shard, a foreign `instance`) carries that label
 * on every sample. Two groups can never expose one label set (the Pushgateway refuses the push).
 */
export async function readGroupText(
  body: ReadableStream<Uint8Array> | null,
  group: PushgatewayGroup
): Promise<SeriesState[]> {
  const filter = new GroupFilter(group);
  if (!body) return filter.states();
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      filter.line(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  filter.line(rest + decoder.decode());
  return filter.states();
}

/** How a sample name relates to the catalog: which metric, and which part of a histogram. */
interface Family {
  readonly metric: MetricKey;
  readonly part: 'value' | 'bucket' | 'sum' | 'count';
  /** The labels a sample of the group may carry: the catalog's, the grouping key's, `le` on buckets. */
  readonly allowed: ReadonlySet<string>;
}

const GROUP_LABELS = ['job', 'pipeline', 'instance'];

const FAMILIES = new Map<string, Family>(
  (Object.keys(METRICS) as MetricKey[]).flatMap((metric) => {
    const def = METRICS[metric];
    const allowed = new Set<string>([...def.labels, ...GROUP_LABELS]);
    if (def.type !== 'histogram') return [[def.prometheus.name, { metric, part: 'value', allowed }]];
    const withLe = new Set([...allowed, 'le']);
    return [
      [def.prometheus.bucket, { metric, part: 'bucket', allowed: withLe }],
      [def.prometheus.sum, { metric, part: 'sum', allowed }],
      [def.prometheus.count, { metric, part: 'count', allowed }],
    ] as Array<[string, Family]>;
  })
);

interface Histogram {
  labels: Record<string, string>;
  buckets: Array<[number, number]>;
  sum: number;
  count: number;
}

/** Collects the group's samples, one line at a time. */
class GroupFilter {
  private readonly want: Record<string, string>;
  private readonly scalars: SeriesState[] = [];
  private readonly histograms = new Map<string, Histogram & { metric: MetricKey }>();

  constructor(group: PushgatewayGroup) {
    this.want = { job: group.job, pipeline: group.pipeline, instance: group.instance ?? '' };
  }

  line(line: string): void {
    const end = line.search(/[{ ]/);
    if (end <= 0 || line.startsWith('#')) return;
    const family = FAMILIES.get(line.slice(0, end));
    if (!family) return;
    const parsed = parseSample(line, end);
    if (!parsed || !this.mine(parsed.labels, family)) return;
    const { labels, value } = parsed;
    if (family.part === 'value') {
      this.scalars.push({ metric: family.metric, labels, value });
      return;
    }
    const { le, ...rest } = labels;
    const id = `${family.metric} ${JSON.stringify(Object.entries(rest).sort())}`;
    let h = this.histograms.get(id);
    if (!h) this.histograms.set(id, (h = { metric: family.metric, labels: rest, buckets: [], sum: 0, count: 0 }));
    if (family.part === 'sum') h.sum = value;
    else if (family.part === 'count') h.count = value;
    else if (le !== undefined && Number.isFinite(parseValue(le))) h.buckets.push([parseValue(le), value]);
  }

  private mine(labels: Record<string, string>, family: Family): boolean {
    for (const k of GROUP_LABELS) if ((labels[k] ?? '') !== this.want[k]) return false;
    return Object.keys(labels).every((k) => family.allowed.has(k));
  }

  states(): SeriesState[] {
    const out = [...this.scalars];
    for (const h of this.histograms.values()) {
      const bounds = h.buckets.sort((a, b) => a[0] - b[0]);
      const cumulative = [...bounds.map(([, n]) => n), h.count];
      const counts = cumulative.map((n, i) => n - (i === 0 ? 0 : (cumulative[i - 1] as number)));
      out.push({ metric: h.metric, labels: h.labels, boundaries: bounds.map(([le]) => le), counts, sum: h.sum });
    }
    return out;
  }
}

/** `+Inf`, `-Inf`, `NaN` as Go writes them, else a JavaScript number. */
function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * The labels and value of one sample line, `name{a="x",b="y\"z"} 1.5` (the Pushgateway writes no
 * timestamps); undefined when the line is not well formed.
 */
function parseSample(line: string, nameEnd: number): { labels: Record<string, string>; value: number } | undefined {
  const labels: Record<string, string> = {};
  let i = nameEnd;
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      if (line[i] === ',') i++;
      if (line[i] === '}') break;
      const eq = line.indexOf('="', i);
      if (eq === -1) return undefined;
      const key = line.slice(i, eq).trim();
      let value = '';
      for (i = eq + 2; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\') {
          i++;
          value += line[i] === 'n' ? '\n' : line[i];
        } else value += line[i];
      }
      if (i >= line.length) return undefined;
      labels[key] = value;
      i++; // the closing quote
    }
    i++; // the closing brace
  }
  const value = line.slice(i).trim().split(' ')[0] ?? '';
  if (value === '') return undefined;
  return { labels, value: parseValue(value) };
}
