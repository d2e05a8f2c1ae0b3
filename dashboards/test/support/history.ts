import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';

/**
 * History the live run cannot produce in a minute, backfilled as OpenMetrics: labelled outcomes of
 * a model (the quality SLO compares accuracy with the same window a week earlier, 2.8 h at the
 * test's 1/60 time scale) and the undrifted distribution of a feature (the Sieve panels' baseline
 * "the same window 1h earlier") and model latency (the anomaly band's warm-up). The bucket bounds
 * are the ones the live process exports.
 */

const STEP_S = 15;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

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
  target: { feature: string; les: readonly string[]; model: string; latencyLes: readonly string[] }
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
    const share = le === '+Inf' ? 1 : phi(Number(le));
    const series = `${h.bucket}{${LABEL.feature}="${target.feature}",${LABEL.le}="${le}",instance="backfill"}`;
    for (let k = 0; k <= steps; k++) out.push(`${series} ${Math.round(k * perStep * share)} ${at(k)}\n`);
  }
  const count = `${h.count}{${LABEL.feature}="${target.feature}",instance="backfill"}`;
  for (let k = 0; k <= steps; k++) out.push(`${count} ${k * perStep} ${at(k)}\n`);

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
