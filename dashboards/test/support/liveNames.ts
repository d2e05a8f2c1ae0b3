import { LABEL } from '@sieve/otel-instrumentation/catalog';
import type { Spec } from '@sieve/rules';

/** The pipelines, features, datasets and models the live process emits: every one the spec names. */
export interface LiveNames {
  /** Runs four times a second; one run in ten fails. */
  streamPipeline: string;
  /** Every run fails. */
  failingPipeline: string;
  /** Numeric features (normal values, drifted). */
  features: string[];
  /** A categorical feature (airport codes, drifted, with an email among its baseline categories), if the spec names two features or more. */
  categoricalFeature?: string;
  datasets: string[];
  models: string[];
}

export function liveNames(spec: Spec): LiveNames {
  const selected = (label: string) => spec.slos.flatMap((s) => (s.selector[label] ? [s.selector[label]] : []));
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const pipelines = spec.pipelines.map((p) => p.name);
  const features = uniq([...spec.pipelines.flatMap((p) => p.features?.names ?? []), ...selected(LABEL.feature)]);
  // The last feature (alphabetically) is categorical; the first stays numeric, as the debug dashboard opens on it.
  const categorical = features.length >= 2 ? features.at(-1) : undefined;
  return {
    streamPipeline: spec.pipelines.find((p) => p.features)?.name ?? pipelines[0] ?? 'stream',
    failingPipeline: spec.pipelines.find((p) => !p.features)?.name ?? 'failing-pipeline',
    features: features.filter((f) => f !== categorical),
    ...(categorical === undefined ? {} : { categoricalFeature: categorical }),
    datasets: uniq([...spec.pipelines.flatMap((p) => p.datasets?.names ?? []), ...selected(LABEL.dataset)]),
    models: uniq([...spec.models.map((m) => m.name), ...selected(LABEL.model)]),
  };
}
