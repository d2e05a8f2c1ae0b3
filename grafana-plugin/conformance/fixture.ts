import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { normalCdf } from '@sieve/testkit';

/**
 * The deterministic history the conformance suite backfills into a real Prometheus: two days,
 * one sample a minute, starting at a fixed instant so that every answer (and so every golden
 * file) is the same on every run. Names come from the catalog.
 *
 * Day 1 is the reference. On day 2 `shifted_num` moves its mean to +1σ over six hours and
 * `country` gains `es`; `stable_num` stays put. Two PSI gauges carry a daily wave, noise and
 * spikes for the anomaly detector.
 */
export const T0_S = Date.UTC(2026, 0, 5) / 1000;
export const DAY_S = 86_400;
export const SCRAPE_S = 60;
const OBSERVATIONS_PER_SCRAPE = 200;
const EDGES = [-2, -1, -0.5, 0, 0.5, 1, 2];
const BOUNDS = [...EDGES.map(String), '+Inf'];

/** The panel range most cases ask for: the second half of day 2. */
export const PANEL = { fromMs: (T0_S + DAY_S + DAY_S / 2) * 1000, toMs: (T0_S + 2 * DAY_S) * 1000 };
/** Day 1, the fixed baseline range. */
export const DAY1 = { fromMs: T0_S * 1000, toMs: (T0_S + DAY_S) * 1000 };

function meanAt(feature: string, t: number): number {
  if (feature !== 'shifted_num' || t < T0_S + DAY_S) return 0;
  return Math.min(1, (t - T0_S - DAY_S) / (6 * 3600));
}

function countryMix(t: number): Record<string, number> {
  return t < T0_S + DAY_S ? { de: 100, fr: 60, it: 40 } : { de: 60, es: 40, fr: 60, it: 40 };
}

/** A deterministic uniform in [-0.5, 0.5) from an integer (an LCG step, no state). */
function jitter(i: number): number {
  return ((((i * 1103515245 + 12345) % 2147483648) + 2147483648) % 2147483648) / 2147483648 - 0.5;
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;
}

export function* openMetrics(): Generator<string> {
  const times: number[] = [];
  for (let t = T0_S; t <= T0_S + 2 * DAY_S; t += SCRAPE_S) times.push(t);

  const value = METRICS.featureValue.prometheus;
  yield `# TYPE ${value.name} histogram\n`;
  for (const feature of ['stable_num', 'shifted_num']) {
    const buckets: string[][] = BOUNDS.map(() => []);
    const counts: string[] = [];
    const perBin = new Float64Array(BOUNDS.length);
    for (const t of times) {
      let below = 0;
      let cumulative = 0;
      for (let b = 0; b < BOUNDS.length; b++) {
        const edge = EDGES[b];
        const upTo =
          edge === undefined
            ? OBSERVATIONS_PER_SCRAPE
            : Math.round(OBSERVATIONS_PER_SCRAPE * normalCdf(edge - meanAt(feature, t)));
        perBin[b] = (perBin[b] as number) + upTo - below;
        below = upTo;
        cumulative += perBin[b] as number;
        (buckets[b] as string[]).push(
          `${value.bucket}${labels({ [LABEL.feature]: feature, [LABEL.le]: BOUNDS[b] as string })} ${cumulative} ${t}\n`
        );
      }
      counts.push(`${value.count}${labels({ [LABEL.feature]: feature })} ${cumulative} ${t}\n`);
    }
    for (const lines of buckets) yield lines.join('');
    yield counts.join('');
  }

  const category = METRICS.featureCategory.prometheus.name;
  yield `# TYPE ${category.replace(/_total$/, '')} counter\n`;
  const totals: Record<string, number> = {};
  const byCategory: Record<string, string[]> = {};
  for (const t of times) {
    for (const [c, n] of Object.entries(countryMix(t))) {
      totals[c] = (totals[c] ?? 0) + n;
      (byCategory[c] ??= []).push(
        `${category}${labels({ [LABEL.feature]: 'country', [LABEL.category]: c })} ${totals[c]} ${t}\n`
      );
    }
  }
  for (const c of Object.keys(byCategory).sort()) yield (byCategory[c] as string[]).join('');

  const baseline = METRICS.featureBaseline.prometheus.name;
  yield `# TYPE ${baseline} gauge\n`;
  const every30m = times.filter((t) => (t - T0_S) % 1800 === 0);
  for (const feature of ['stable_num', 'shifted_num']) {
    for (let b = 0; b < BOUNDS.length; b++) {
      const edge = EDGES[b];
      const share = edge === undefined ? 1 : normalCdf(edge);
      yield every30m
        .map(
          (t) =>
            `${baseline}${labels({ [LABEL.feature]: feature, [LABEL.upperBound]: BOUNDS[b] as string })} ${share} ${t}\n`
        )
        .join('');
    }
  }
  for (const [c, share] of Object.entries({ de: 0.5, fr: 0.3, it: 0.2 })) {
    yield every30m
      .map((t) => `${baseline}${labels({ [LABEL.feature]: 'country', [LABEL.category]: c })} ${share} ${t}\n`)
      .join('');
  }

  const psi = METRICS.featurePsi.prometheus.name;
  yield `# TYPE ${psi} gauge\n`;
  for (const [s, feature] of ['stable_num', 'shifted_num'].entries()) {
    yield times
      .map((t, i) => {
        const wave = 0.1 + 0.03 * Math.sin((2 * Math.PI * (t - T0_S)) / (6 * 3600));
        // A 30-minute burst in the panel range, at a different time per series, and one in the warm-up.
        const burst = (at: number) => i >= at && i < at + 30;
        const spike = burst(2 * 1440 - 200 - 90 * s) || burst(1440) ? 0.4 : 0;
        return `${psi}${labels({ [LABEL.feature]: feature })} ${(wave + 0.01 * jitter(i * 7 + s) + spike).toFixed(6)} ${t}\n`;
      })
      .join('');
  }

  const runs = METRICS.pipelineRuns.prometheus.name;
  yield `# TYPE ${runs.replace(/_total$/, '')} counter\n`;
  yield times
    .filter((t) => (t - T0_S) % 3600 === 0)
    .map((t, i) => `${runs}${labels({ [LABEL.pipeline]: 'etl', [LABEL.outcome]: 'success' })} ${i + 1} ${t}\n`)
    .join('');
  const predictions = METRICS.modelPredictions.prometheus.name;
  yield `# TYPE ${predictions.replace(/_total$/, '')} counter\n`;
  yield times
    .map((t, i) => `${predictions}${labels({ [LABEL.model]: 'ranker', [LABEL.version]: '3' })} ${(i + 1) * 10} ${t}\n`)
    .join('');
  yield '# EOF\n';
}

/**
 * Catalog metric names → placeholders. Golden files hold the placeholders, so a metric rename in
 * the catalog changes the queries the plugin runs but not the golden files.
 */
export function metricPlaceholders(): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [key, metric] of Object.entries(METRICS)) {
    for (const [kind, name] of Object.entries(metric.prometheus)) {
      if (typeof name === 'string' && name !== '') names[name] = `<${key}.${kind}>`;
    }
  }
  return names;
}
