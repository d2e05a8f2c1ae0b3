import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { normalCdf } from '@sieve/testkit';

/**
 * Synthetic feature history in OpenMetrics text, for `promtool tsdb create-blocks-from openmetrics`
 * (testkit's startBackfilledPrometheus): `features` numeric features with 10 bins each, scraped
 * every `scrapeS` seconds for `hours` hours up to `endS`, every tenth drifting by up to 1σ over a
 * day, plus the exported baseline (standard normal shares) every 30 minutes.
 */
export interface HistoryShape {
  features: number;
  hours: number;
  scrapeS: number;
}

/** The 10-quantiles of N(0, 1): the edges a baseline of standard normals gets by default. */
export const EDGES = [-1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816];

export function* featureHistory(endS: number, shape: HistoryShape): Generator<string> {
  const { features, hours, scrapeS } = shape;
  const startS = endS - hours * 3600;
  const name = (i: number) => `f${String(i).padStart(3, '0')}`;
  const les = [...EDGES.map(String), '+Inf'];
  yield `# TYPE ${METRICS.featureValue.prometheus.name} histogram\n`;
  for (let f = 0; f < features; f++) {
    const perBin = new Float64Array(les.length); // observations per bin so far
    const lines: string[][] = les.map(() => []);
    for (let t = startS, k = 0; t <= endS; t += scrapeS, k++) {
      // Every tenth feature drifts: its mean moves by up to 1σ over the day. 1000 values per scrape.
      const mean = f % 10 === 0 ? Math.sin((k * scrapeS) / 86_400) : 0;
      let below = 0;
      let cumulative = 0;
      for (let b = 0; b < les.length; b++) {
        const upTo = b < EDGES.length ? Math.round(1000 * normalCdf((EDGES[b] as number) - mean)) : 1000;
        perBin[b] = (perBin[b] as number) + upTo - below;
        below = upTo;
        cumulative += perBin[b] as number;
        const series = `${METRICS.featureValue.prometheus.bucket}{${LABEL.feature}="${name(f)}",${LABEL.le}="${les[b]}"}`;
        (lines[b] as string[]).push(`${series} ${cumulative} ${t}\n`);
      }
    }
    for (const l of lines) yield l.join('');
  }
  yield `# TYPE ${METRICS.featureBaseline.prometheus.name} gauge\n`;
  for (let f = 0; f < features; f++) {
    for (let b = 0; b < les.length; b++) {
      const share = b < EDGES.length ? normalCdf(EDGES[b] as number) : 1;
      const samples: string[] = [];
      for (let t = startS; t <= endS; t += 1800) {
        samples.push(
          `${METRICS.featureBaseline.prometheus.name}{${LABEL.feature}="${name(f)}",${LABEL.upperBound}="${les[b]}"} ${share} ${t}\n`
        );
      }
      yield samples.join('');
    }
  }
  yield '# EOF\n';
}
