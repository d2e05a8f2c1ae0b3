import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { normalCdf } from '@sieve/testkit';

/**
 * History the live run cannot produce in a minute, backfilled as OpenMetrics: labelled outcomes of
 * a model (the quality SLO compares accuracy with the same window a week earlier, 2.8 h at the
 * test's 1/60 time scale) and the undrifted distribution of a feature (the Sieve panels' baseline
 * "the same window 1h earlier") and model latency (the anomaly band's warm-up). The bucket bounds
 * are the ones the live process exports.
 */

const STEP_S = 15;

/** The `le` values of a histogram's buckets in a scrape of the live process, for series carrying `label="value"`. */
export function bucketBounds(scrape: string, bucket: string, label: string, value: string): string[] {
  const les = new Set<string>();
  for (const line of scrape.split('\n')) {
    if (!line.startsWith(`${bucket}{`) || !line.includes(`${label}="${value}"`)) continue;
    const le = /\ble="([^"]+)"/.exec(line)?.[1];
    if (le) les.add(le);
  }
  return [...les];
}

export function history(
  endS: number,
  hours: number,
  target: { feature: string; les: readonly string[]; model: string; latencyLes: readonly string[] },
  /** Also the drift baselines' probe feature (probeHistory), its windows ending at this whole minute. */
  probeEndS?: number
): string {
  const les = target.les;
  const startS = Math.floor(endS - hours * 3600);
  const steps = Math.floor((endS - startS) / STEP_S);
  const at = (k: number) => startS + k * STEP_S;
  const out: string[] = [];

  const h = METRICS.featureValue.prometheus;
  const perStep = 12_000; // the live process observes 800 values a second
  out.push(`# TYPE ${h.name} histogram\n`);
  for (const le of les) {
    const share = le === '+Inf' ? 1 : normalCdf(Number(le));
    const series = `${h.bucket}{${LABEL.feature}="${target.feature}",${LABEL.le}="${le}",instance="backfill"}`;
    for (let k = 0; k <= steps; k++) out.push(`${series} ${Math.round(k * perStep * share)} ${at(k)}\n`);
  }
  const count = `${h.count}{${LABEL.feature}="${target.feature}",instance="backfill"}`;
  for (let k = 0; k <= steps; k++) out.push(`${count} ${k * perStep} ${at(k)}\n`);
  if (probeEndS !== undefined) out.push(...probeHistory(probeEndS, les));

  // Prediction latency (the anomaly band needs history to warm up): exponential, mean 20 ms, 20 a second.
  const lat = METRICS.modelPredictionDuration.prometheus;
  out.push(`# TYPE ${lat.name} histogram\n`);
  for (const le of target.latencyLes) {
    const share = le === '+Inf' ? 1 : 1 - Math.exp(-Number(le) / 0.02);
    const series = `${lat.bucket}{${LABEL.model}="${target.model}",${LABEL.version}="1",${LABEL.le}="${le}",instance="backfill"}`;
    for (let k = 0; k <= steps; k++) out.push(`${series} ${Math.round(k * 300 * share)} ${at(k)}\n`);
  }

  const o = METRICS.modelOutcomes.prometheus.name;
  out.push(`# TYPE ${o.replace(/_total$/, '')} counter\n`);
  const perOutcome = { tp: 15, tn: 240, fp: 10, fn: 5 } as const; // accuracy 0.94
  for (const [outcome, n] of Object.entries(perOutcome)) {
    const series = `${o}{${LABEL.model}="${target.model}",${LABEL.version}="1",${LABEL.outcome}="${outcome}",instance="backfill"}`;
    for (let k = 0; k <= steps; k++) out.push(`${series} ${k * n} ${at(k)}\n`);
  }
  out.push('# EOF\n');
  return out.join('');
}

/**
 * A feature whose past is known exactly, for the drift panels' baselines (the same window 1h, 1d
 * and 7d earlier): only backfilled, one sample a minute, in four one-hour windows ending at `endS`
 * (a whole minute), 1 h, 1 d and 7 d earlier. The current window and the one a day earlier are
 * N(3), the one an hour earlier N(1), the one a week earlier N(0); so against the 1d baseline every
 * measure is 0, and against 1h and 7d it is the measure between those normals, on these exact counts.
 */
export const PROBE_FEATURE = 'baseline_probe';
export const PROBE_MEANS = { current: 3, '1h': 1, '1d': 3, '7d': 0 } as const;
const PROBE_STEP_S = 60;
const PROBE_PER_STEP = 100_000;

interface ProbeSample {
  t: number;
  /** Cumulative bucket values, in `les` order. */
  buckets: number[];
}

function probeSamples(endS: number, les: readonly string[]): ProbeSample[] {
  const windows = [
    { end: endS - 7 * 86_400, mean: PROBE_MEANS['7d'] },
    { end: endS - 86_400, mean: PROBE_MEANS['1d'] },
    { end: endS - 3600, mean: PROBE_MEANS['1h'] },
    { end: endS, mean: PROBE_MEANS.current },
  ];
  const cumulative = les.map(() => 0);
  const out: ProbeSample[] = [];
  let next = -Infinity;
  for (const w of windows) {
    // From five minutes before the window (or where the previous one ended): timestamps only grow.
    for (let t = Math.max(w.end - 3600 - 300, next); t <= w.end; t += PROBE_STEP_S) {
      les.forEach((le, i) => {
        const share = le === '+Inf' ? 1 : normalCdf(Number(le) - w.mean);
        cumulative[i]! += Math.round(PROBE_PER_STEP * share);
      });
      out.push({ t, buckets: [...cumulative] });
    }
    next = w.end + PROBE_STEP_S;
  }
  return out;
}

/** The probe's bucket and count series as OpenMetrics lines (no `# TYPE`: they join the feature histogram's family). */
export function probeHistory(endS: number, les: readonly string[]): string[] {
  const h = METRICS.featureValue.prometheus;
  const samples = probeSamples(endS, les);
  const out: string[] = [];
  les.forEach((le, i) => {
    const series = `${h.bucket}{${LABEL.feature}="${PROBE_FEATURE}",${LABEL.le}="${le}",instance="backfill"}`;
    for (const s of samples) out.push(`${series} ${s.buckets[i]} ${s.t}\n`);
  });
  const inf = les.indexOf('+Inf');
  const count = `${h.count}{${LABEL.feature}="${PROBE_FEATURE}",instance="backfill"}`;
  for (const s of samples) out.push(`${count} ${s.buckets[inf]} ${s.t}\n`);
  return out;
}

/**
 * Observations per bin (`les` sorted numerically, +Inf last) in the window (end - 1h, end], as
 * Prometheus' increase() sees them: what the Sieve datasource must compare.
 */
export function probeWindowCounts(endS: number, les: readonly string[], windowEndS: number): number[] {
  const samples = probeSamples(endS, les);
  const at = (t: number) => samples.find((s) => s.t === t);
  const last = at(windowEndS);
  const first = at(windowEndS - 3600);
  if (!last || !first) throw new Error(`the probe has no samples at ${windowEndS - 3600} and ${windowEndS}`);
  const order = les.map((le, i) => ({ le: le === '+Inf' ? Infinity : Number(le), i })).sort((a, b) => a.le - b.le);
  const cumulative = order.map(({ i }) => last.buckets[i]! - first.buckets[i]!);
  return cumulative.map((c, k) => c - (k === 0 ? 0 : cumulative[k - 1]!));
}
