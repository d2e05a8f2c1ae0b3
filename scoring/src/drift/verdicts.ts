import { driftScore, type Bands, type DriftScoreOptions, MEASURES, type MeasureName } from './measures.ts';

export type Verdict = 'stable' | 'moderate' | 'significant';

/** The static-band verdict of one measure value (bands default to MEASURES[measure].bands). */
export function bandVerdict(measure: MeasureName, value: number, bands: Bands = MEASURES[measure].bands): Verdict {
  if (Number.isNaN(value)) throw new Error(`bandVerdict: ${measure} value is NaN`);
  if (MEASURES[measure].driftWhen === 'higher') {
    if (value < bands.moderate) return 'stable';
    return value <= bands.significant ? 'moderate' : 'significant';
  }
  if (value > bands.moderate) return 'stable';
  return value > bands.significant ? 'moderate' : 'significant';
}

export type PsiVerdict = Verdict;

/** PSI's credit-risk bands: < 0.1 stable, 0.1–0.25 moderate, > 0.25 significant. NaN → throws. */
export function psiVerdict(value: number): PsiVerdict {
  return bandVerdict('psi', value);
}

export interface LearnedThreshold {
  measure: MeasureName;
  mean: number;
  /** Population standard deviation (ddof = 0) of the chunk values. */
  std: number;
  /** mean + σs·std (mean − σs·std for p-values), clipped to the measure's range. */
  threshold: number;
}

/**
 * NannyML's learned threshold: the measure is computed for each reference chunk (against the whole
 * reference, see `chunkScores`), and drift is a value beyond mean + 3σ of those values.
 *
 * @throws Error with fewer than 2 chunk values or a non-finite value.
 */
export function learnedThreshold(
  measure: MeasureName,
  chunkValues: ArrayLike<number>,
  options: { sigmas?: number } = {}
): LearnedThreshold {
  const sigmas = options.sigmas ?? 3;
  if (!(sigmas >= 0)) throw new Error(`learnedThreshold: sigmas = ${sigmas} must be ≥ 0`);
  const n = chunkValues.length;
  if (n < 2) throw new Error(`learnedThreshold: needs at least 2 chunk values, got ${n}`);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const v = chunkValues[i] as number;
    if (!Number.isFinite(v)) throw new Error(`learnedThreshold: chunkValues[${i}] = ${v} is not finite`);
    mean += v / n;
  }
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((chunkValues[i] as number) - mean) ** 2 / n;
  const std = Math.sqrt(variance);
  const { driftWhen, range } = MEASURES[measure];
  const raw = driftWhen === 'higher' ? mean + sigmas * std : mean - sigmas * std;
  return { measure, mean, std, threshold: Math.min(range[1], Math.max(range[0], raw)) };
}

/**
 * A learned threshold with a stated false-alarm rate: the ⌈(1 − rate)(K + 1)⌉-th smallest of K
 * chunk values (the largest first for p-values). When the window judged later is exchangeable
 * with the chunks (same size, same distribution, scored the same way) it exceeds this threshold
 * with probability at most `rate` (the conformal rank argument), whatever the measure's
 * distribution. mean + 3σ promises nothing of the kind: measures are skewed, and with ~10 chunks
 * σ itself is noisy, which is why it gives 5–10 % false alarms instead of 0.1 %.
 *
 * Chunks must be as large as the windows that will be judged (a value's noise depends on its
 * sample size), and there must be at least ⌈1/rate⌉ − 1 of them (19 for 5 %); see
 * `referenceChunkScores` to make them.
 *
 * @throws Error with too few chunk values for the rate, or a non-finite value.
 */
export function learnedQuantileThreshold(
  measure: MeasureName,
  chunkValues: ArrayLike<number>,
  options: { falseAlarmRate?: number } = {}
): LearnedThreshold & { falseAlarmRate: number; chunks: number } {
  const rate = options.falseAlarmRate ?? 0.05;
  if (!(rate > 0 && rate < 1)) throw new Error(`learnedQuantileThreshold: falseAlarmRate = ${rate} must be in (0, 1)`);
  const k = chunkValues.length;
  const rank = Math.ceil((1 - rate) * (k + 1));
  if (rank > k) {
    throw new Error(
      `learnedQuantileThreshold: ${k} chunk values cannot give a ${rate} false-alarm rate; need at least ${Math.ceil(1 / rate) - 1}`
    );
  }
  const higher = MEASURES[measure].driftWhen === 'higher';
  const sorted = Float64Array.from(chunkValues, (v, i) => {
    if (!Number.isFinite(v)) throw new Error(`learnedQuantileThreshold: chunkValues[${i}] = ${v} is not finite`);
    return higher ? v : -v;
  }).sort();
  const t = sorted[rank - 1] as number;
  let mean = 0;
  for (const v of sorted) mean += v / k;
  let variance = 0;
  for (const v of sorted) variance += (v - mean) ** 2 / k;
  return {
    measure,
    mean: higher ? mean : -mean,
    std: Math.sqrt(variance),
    threshold: higher ? t : -t,
    falseAlarmRate: rate,
    chunks: k,
  };
}

/**
 * Chunk values for a learned threshold: the reference values are cut into consecutive chunks of
 * `chunkSize` (the size of the windows to be judged; a shorter last chunk is dropped), and each
 * chunk is scored against the REST of the reference, both binned by `count` (e.g.
 * `(v) => binCounts(edges, v)`). Scoring a chunk against a reference that contains it would make
 * chunk values smaller than those of new windows, and the threshold too low.
 *
 * @throws Error when the reference holds fewer than two chunks.
 */
export function referenceChunkScores<T>(
  measure: MeasureName,
  reference: ArrayLike<T> & { slice(start: number, end?: number): ArrayLike<T> },
  chunkSize: number,
  count: (values: ArrayLike<T>) => Float64Array,
  options: DriftScoreOptions = {}
): Float64Array {
  if (!(Number.isInteger(chunkSize) && chunkSize > 0))
    throw new Error(`referenceChunkScores: chunkSize = ${chunkSize} must be a positive integer`);
  const chunks = Math.floor(reference.length / chunkSize);
  if (chunks < 2)
    throw new Error(`referenceChunkScores: ${reference.length} values make ${chunks} chunks of ${chunkSize}; need ≥ 2`);
  const whole = count(reference);
  return Float64Array.from({ length: chunks }, (_, c) => {
    const chunk = count(reference.slice(c * chunkSize, (c + 1) * chunkSize));
    const rest = whole.map((w, i) => w - (chunk[i] as number));
    return driftScore(measure, rest, chunk, options);
  });
}

/** 'significant' beyond a learned threshold, otherwise 'stable'. */
export function learnedVerdict(value: number, learned: LearnedThreshold): Verdict {
  if (Number.isNaN(value)) throw new Error(`learnedVerdict: ${learned.measure} value is NaN`);
  const drifted =
    MEASURES[learned.measure].driftWhen === 'higher' ? value > learned.threshold : value < learned.threshold;
  return drifted ? 'significant' : 'stable';
}

/**
 * The measure for each reference chunk against the whole reference (the element-wise sum of the
 * chunks), as NannyML computes its reference-period values. All chunks share the same bins.
 */
export function chunkScores(
  measure: MeasureName,
  chunks: readonly ArrayLike<number>[],
  options: DriftScoreOptions = {}
): Float64Array {
  if (chunks.length === 0) throw new Error('chunkScores: chunks is empty');
  const bins = (chunks[0] as ArrayLike<number>).length;
  const whole = new Float64Array(bins);
  chunks.forEach((chunk, c) => {
    if (chunk.length !== bins)
      throw new Error(`chunkScores: chunks[${c}] has ${chunk.length} bins, chunks[0] has ${bins}`);
    for (let i = 0; i < bins; i++) whole[i] += chunk[i] as number;
  });
  return Float64Array.from(chunks, (chunk) => driftScore(measure, whole, chunk, options));
}

export interface DatasetVerdict {
  features: number;
  drifted: number;
  /** drifted / features. */
  share: number;
  /** share ≥ driftShare. */
  drift: boolean;
}

/**
 * Dataset-level drift: the share of drifted features against `driftShare` (0.5, Evidently's
 * default). A feature counts as drifted when its verdict is 'significant', or also 'moderate' with
 * `countModerate`.
 *
 * @throws Error when there are no verdicts or driftShare is outside (0, 1].
 */
export function datasetVerdict(
  verdicts: Iterable<Verdict>,
  options: { driftShare?: number; countModerate?: boolean } = {}
): DatasetVerdict {
  const driftShare = options.driftShare ?? 0.5;
  if (!(driftShare > 0 && driftShare <= 1))
    throw new Error(`datasetVerdict: driftShare = ${driftShare} must be in (0, 1]`);
  let features = 0;
  let drifted = 0;
  for (const v of verdicts) {
    features++;
    if (v === 'significant' || (options.countModerate === true && v === 'moderate')) drifted++;
  }
  if (features === 0) throw new Error('datasetVerdict: no feature verdicts');
  const share = drifted / features;
  return { features, drifted, share, drift: share >= driftShare };
}
