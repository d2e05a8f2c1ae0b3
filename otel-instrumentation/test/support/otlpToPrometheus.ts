/**
 * The series names that OTLP-to-Prometheus translation gives an OTLP metric, written from the
 * OpenTelemetry specification (compatibility/prometheus_and_openmetrics.md, "OTLP Metric points to
 * Prometheus") with the default options of its two big implementations: the Collector's Prometheus
 * exporters and Prometheus' own OTLP receiver (`UnderscoreEscapingWithSuffixes`), which share one
 * normaliser. Our own code, for tests only: it checks the catalog, it is not used to name anything.
 *
 * - Name: split into tokens at every character outside [a-zA-Z0-9:] (so runs of '_' collapse).
 * - Unit: "foo/bar" is main unit "foo" and per unit "bar"; parts with `{...}` are dropped; UCUM
 *   abbreviations become words (s → seconds, By → bytes, ...); "1" becomes nothing. The main unit
 *   is appended unless it is already one of the name's tokens, then `per_<bar>` likewise.
 * - Monotonic sums: any `total` token moves to the end (`_total` is appended).
 * - Unit "1": `_ratio` is appended to gauges. The spec's text says to convert "1" to "ratio"
 *   without naming the type; both implementations limit it to gauges. `ratioOnEveryType` follows
 *   the text literally, so a test can require that the two readings agree.
 */

const UNITS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

const PER_UNITS: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/** The OTLP data kinds that decide suffixes. Non-monotonic sums are gauges in Prometheus. */
export type OtlpKind = 'gauge' | 'monotonicSum' | 'nonMonotonicSum' | 'histogram';

export interface TranslationOptions {
  /** Append `_ratio` for unit "1" on every type, as the spec's text literally reads. */
  readonly ratioOnEveryType?: boolean;
}

const tokens = (s: string): string[] => s.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');

/** The Prometheus family name of an OTLP metric. */
export function otlpFamilyName(name: string, unit: string, kind: OtlpKind, options: TranslationOptions = {}): string {
  let out = tokens(name);
  const [mainPart = '', perPart] = unit.split('/', 2).map((p) => p.trim());
  const main = mainPart !== '' && !/[{}]/.test(mainPart) ? tokens(UNITS[mainPart] ?? mainPart).join('_') : '';
  const perWord = perPart && !/[{}]/.test(perPart) ? tokens(PER_UNITS[perPart] ?? perPart).join('_') : '';
  if (main !== '' && !out.includes(main)) out.push(main);
  if (perWord !== '' && !out.includes(`per_${perWord}`)) out.push(`per_${perWord}`);
  if (kind === 'monotonicSum') out = [...out.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && (kind === 'gauge' || options.ratioOnEveryType))
    out = [...out.filter((t) => t !== 'ratio'), 'ratio'];
  const joined = out.join('_');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** The series names Prometheus stores for one OTLP metric: the family, or a histogram's three. */
export function otlpSeriesNames(family: string, kind: OtlpKind): string[] {
  return kind === 'histogram' ? [`${family}_bucket`, `${family}_sum`, `${family}_count`] : [family];
}

/** One metric of an OTLP/JSON ExportMetricsServiceRequest, as the OTLP/HTTP exporter sends it. */
interface OtlpJsonMetric {
  name: string;
  unit?: string;
  gauge?: unknown;
  sum?: { isMonotonic?: boolean; aggregationTemporality?: number };
  histogram?: unknown;
}

interface OtlpJsonRequest {
  resourceMetrics?: Array<{ scopeMetrics?: Array<{ metrics?: OtlpJsonMetric[] }> }>;
}

export interface TranslatedMetric {
  readonly otelName: string;
  readonly unit: string;
  readonly kind: OtlpKind;
  readonly family: string;
}

/** Every metric of one OTLP/JSON request body, translated. */
export function translateOtlpJson(body: string, options: TranslationOptions = {}): TranslatedMetric[] {
  const request = JSON.parse(body) as OtlpJsonRequest;
  const out: TranslatedMetric[] = [];
  for (const rm of request.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const kind: OtlpKind = m.histogram
          ? 'histogram'
          : m.sum
            ? m.sum.isMonotonic
              ? 'monotonicSum'
              : 'nonMonotonicSum'
            : 'gauge';
        const unit = m.unit ?? '';
        out.push({ otelName: m.name, unit, kind, family: otlpFamilyName(m.name, unit, kind, options) });
      }
    }
  }
  return out;
}
