import type { Fault } from '../faults.ts';
import type { Stack } from '../stack/stack.ts';
import { CHAOS_CASES, type Chaos } from './chaos.ts';
import { runFault, waitUntilClear, type FaultRun, type GameDayRow } from './gameDay.ts';

export interface GameDayResult {
  rows: GameDayRow[];
  faults: FaultRun[];
  chaos: Array<{ chaos: Chaos; checks: Record<string, boolean> }>;
}

/**
 * Faults that can run at the same time: each raises a different alert on a different part
 * (pipeline data, model serving), and none inhibits or hides another's alert. A stalled or
 * failing pipeline inhibits the data alerts, and a dead exporter hides the model's metrics.
 */
export const BATCHES: readonly (readonly Fault[])[] = [
  ['drift', 'schemaChange', 'missingValues', 'latencySpike', 'failingPredictions'],
  ['stalledPipeline', 'deadExporter'],
  ['failingPipeline'],
];

export interface GameDayOptions {
  /** Run compatible faults together (BATCHES): the same checks in about a third of the time. */
  concurrent?: boolean;
  onRow?: (row: GameDayRow) => void;
}

/**
 * Runs the faults, then the chaos cases. Each starts once its expected alert has cleared from
 * what ran before.
 */
export async function runGameDay(
  stack: Stack,
  faults: readonly Fault[],
  chaos: readonly Chaos[],
  options: GameDayOptions = {}
): Promise<GameDayResult> {
  const result: GameDayResult = { rows: [], faults: [], chaos: [] };
  const batches = options.concurrent
    ? BATCHES.map((b) => b.filter((f) => faults.includes(f))).filter((b) => b.length > 0)
    : faults.map((f) => [f]);
  for (const batch of batches) {
    for (const fault of batch) await waitUntilClear(stack, fault);
    const runs = await Promise.all(batch.map((fault) => runFault(stack, fault)));
    for (const run of runs) {
      result.faults.push(run);
      result.rows.push(run.row);
      options.onRow?.(run.row);
    }
  }
  for (const c of chaos) {
    await waitUntilClear(stack, 'failingPredictions');
    await waitUntilClear(stack, 'latencySpike');
    const run = await CHAOS_CASES[c](stack);
    result.chaos.push({ chaos: c, checks: run.checks });
    result.rows.push(run.row);
    options.onRow?.(run.row);
  }
  return result;
}
