import type { DatasetHandle, FeatureHandle, PipelineHandle, Sieve } from '@sieve/otel-instrumentation';
import type { FaultState } from './faults.ts';
import { depHour, firstAtOrAfter, type Flight } from './flights.ts';
import { DEMO } from './names.ts';
import { upstreamRecords, UPSTREAM_SCHEMA, type Spreads } from './upstream.ts';

/**
 * The feature pipeline: a batch job that, on each run, reads the flights that departed since its
 * last run from upstream, checks them (dataset quality), computes the model's features (their
 * distributions against the training weeks' baseline) and writes them. Faults make a run fail,
 * or skip it entirely (a stalled scheduler).
 */
export class FeaturePipeline {
  private readonly pipeline: PipelineHandle;
  private readonly dataset: DatasetHandle;
  private readonly distance: FeatureHandle;
  private readonly hour: FeatureHandle;
  private readonly origin: FeatureHandle;
  private readonly flights: readonly Flight[];
  private readonly faults: FaultState;
  private readonly spreads: Spreads;
  private readonly random: () => number;

  constructor(
    sieve: Sieve,
    flights: readonly Flight[],
    training: readonly Flight[],
    faults: FaultState,
    spreads: Spreads,
    random: () => number
  ) {
    this.flights = flights;
    this.faults = faults;
    this.spreads = spreads;
    this.random = random;
    this.pipeline = sieve.pipeline(DEMO.pipeline);
    this.dataset = sieve.dataset(DEMO.dataset, { schema: { ...UPSTREAM_SCHEMA } });
    this.distance = sieve.feature(DEMO.features.distance, { baseline: training.map((f) => f.distance) });
    this.hour = sieve.feature(DEMO.features.depHour, { baseline: training.map(depHour), edges: HOUR_EDGES });
    this.origin = sieve.feature(DEMO.features.origin, {
      kind: 'categorical',
      baseline: training.map((f) => f.origin),
      topK: 20,
    });
  }

  /** The flights departing in [from, to) of simulated time. */
  batch(from: number, to: number): readonly Flight[] {
    return this.flights.slice(firstAtOrAfter(this.flights, from), firstAtOrAfter(this.flights, to));
  }

  /**
   * One run over [from, to); resolves with the rows written, rejects when the run fails.
   * `wallOf` maps a simulated event time to the wall clock, for the watermarks: the data's age
   * then grows in real time when runs stop (a stalled pipeline), as a real feed's would.
   */
  async run(from: number, to: number, wallOf: (simMs: number) => number): Promise<number> {
    return this.pipeline.run((run) => {
      if (this.faults.has('failingPipeline')) throw new Error('upstream read failed: connection reset');
      const flights = this.batch(from, to);
      const records = upstreamRecords(flights, this.faults, this.spreads, this.random);
      run.rowsRead(records.length);
      this.dataset.checkRecords(records);
      const complete = records.filter((r) => r.distance !== null);
      // Missing values are counted by the feature and the dataset; such rows are not written.
      this.distance.observeMany(records.map((r) => r.distance));
      this.hour.observeMany(Float64Array.from(records, (r) => r.dep_hour));
      this.origin.observeMany(records.map((r) => r.origin));
      run.rowsDropped(records.length - complete.length);
      run.rowsWritten(complete.length);
      const newest = flights.at(-1);
      if (newest !== undefined) {
        const watermark = new Date(wallOf(newest.time));
        run.watermark(watermark);
        this.dataset.watermark(watermark);
      }
      return complete.length;
    });
  }
}

/** One bin per two hours of the day: hours are a known range, not quantiles of the baseline. */
const HOUR_EDGES = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22];
