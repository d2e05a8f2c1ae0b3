import { LABEL, ROW_KINDS, RUN_OUTCOMES, type InvalidReason, type RowKind, type RunOutcome } from '../catalog/index.ts';
import { recordInHistogram, type HistogramCell, type MetricStore, type ScalarCell } from '../store/metricStore.ts';
import { handleCall } from '../handleNames.ts';
import { quoted } from '../quoted.ts';
import { byKey } from './byKey.ts';
import {
  amountProblem,
  eventTimeInvalidCounters,
  eventTimeMs,
  invalidCounters,
  type InvalidCounters,
} from './invalidValues.ts';

/** One run of a pipeline. Row counts are added as they come, so progress is visible mid-run. */
export interface PipelineRun {
  rowsRead(n: number): void;
  rowsWritten(n: number): void;
  rowsDropped(n: number): void;
  /** The run finishes as `partial` unless it fails. */
  markPartial(): void;
  /**
   * Event time up to which this run has processed data (a Date or Unix ms), exported as the
   * pipeline's watermark: "the data is 3 h old" apart from "the job ran". Times before 1970, more than
   * an hour ahead of this clock, or no time at all are counted as invalid; the previous watermark stays.
   */
  watermark(eventTime: Date | number): void;
  /**
   * Ends the run; later calls are ignored. Resolves once the final state is delivered where it must
   * be before the process exits (the Pushgateway, a state file); never rejects.
   */
  end(outcome?: RunOutcome): Promise<void>;
}

export interface PipelineHandle {
  readonly name: string;
  /**
   * Runs `fn` as one run: a throw ends it as `failure` and is rethrown unchanged. Resolves after delivery.
   * A non-function `fn` rejects with a TypeError naming it and starts no run.
   */
  run<T>(fn: (run: PipelineRun) => Promise<T> | T): Promise<T>;
  /** Starts a run to be ended with `run.end(outcome)`. */
  start(): PipelineRun;
}

interface PipelineCells {
  runs: Record<RunOutcome, ScalarCell>;
  duration: Record<RunOutcome, HistogramCell>;
  rows: Record<RowKind, ScalarCell>;
  lastSuccess: ScalarCell;
  lastRun: ScalarCell;
  watermark: ScalarCell;
  invalidRows: InvalidCounters;
  invalidWatermark: InvalidCounters<InvalidReason>;
  /** Delivers the state after a run ended (push); resolves, never rejects. */
  onEnd: () => Promise<void>;
  invalidOutcome: InvalidCounters;
}

export function createPipeline(
  store: MetricStore,
  name: string,
  durationBuckets: readonly number[],
  onEnd: () => Promise<void> = () => Promise.resolve()
): PipelineHandle {
  const p = { [LABEL.pipeline]: name };
  const cells: PipelineCells = {
    runs: byKey(RUN_OUTCOMES, (o) => store.counter('pipelineRuns', { ...p, [LABEL.outcome]: o })),
    duration: byKey(RUN_OUTCOMES, (o) =>
      store.histogram('pipelineRunDuration', { ...p, [LABEL.outcome]: o }, durationBuckets)
    ),
    rows: byKey(ROW_KINDS, (k) => store.counter('pipelineRows', { ...p, [LABEL.rowKind]: k })),
    lastSuccess: store.gauge('pipelineLastSuccess', p),
    lastRun: store.gauge('pipelineLastRun', p),
    watermark: store.gauge('pipelineWatermark', p),
    invalidRows: invalidCounters(store, 'pipelineRows'),
    invalidWatermark: eventTimeInvalidCounters(store, 'pipelineWatermark'),
    onEnd,
    invalidOutcome: invalidCounters(store, 'pipelineRuns'),
  };

  const start = (): PipelineRun => new Run(cells);
  return {
    name,
    start,
    async run(fn) {
      // A programming error, not a failed run: rejects naming the argument and records nothing.
      if (typeof fn !== 'function') {
        throw new TypeError(`${handleCall('pipeline', name)}.run: fn: expected a function, got ${quoted(fn)}`);
      }
      const run = new Run(cells);
      let result;
      try {
        result = await fn(run);
      } catch (error) {
        await run.end('failure');
        throw error;
      }
      await run.end();
      return result;
    },
  };
}

class Run implements PipelineRun {
  private partial = false;
  private ended = false;
  private readonly startedAt = performance.now();
  private readonly cells: PipelineCells;

  constructor(cells: PipelineCells) {
    this.cells = cells;
  }

  rowsRead(n: number): void {
    this.addRows('read', n);
  }
  rowsWritten(n: number): void {
    this.addRows('written', n);
  }
  rowsDropped(n: number): void {
    this.addRows('dropped', n);
  }
  markPartial(): void {
    this.partial = true;
  }

  watermark(eventTime: Date | number): void {
    const ms = eventTimeMs(eventTime);
    if (typeof ms === 'string') this.cells.invalidWatermark[ms].value++;
    else this.cells.watermark.value = ms / 1000;
  }

  end(outcome?: RunOutcome): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.ended = true;
    let o: RunOutcome;
    if (outcome === undefined) o = this.partial ? 'partial' : 'success';
    else if (RUN_OUTCOMES.includes(outcome)) o = outcome;
    else {
      // An unknown outcome must not pass for a success: count it and record a failure.
      this.cells.invalidOutcome.wrong_type.value++;
      o = 'failure';
    }
    // performance.now() is monotonic: the duration is never negative.
    const seconds = (performance.now() - this.startedAt) / 1000;
    const now = Date.now() / 1000;
    this.cells.runs[o].value++;
    recordInHistogram(this.cells.duration[o], seconds);
    this.cells.lastRun.value = now;
    if (o === 'success') this.cells.lastSuccess.value = now;
    return this.cells.onEnd();
  }

  private addRows(kind: RowKind, n: number): void {
    const problem = amountProblem(n);
    if (problem) this.cells.invalidRows[problem].value++;
    else if (!Number.isFinite(this.cells.rows[kind].value + n)) this.cells.invalidRows.infinite.value++;
    else this.cells.rows[kind].value += n;
  }
}
