import { FAULTS, type Fault } from '../faults.ts';
import type { Stack } from '../stack/stack.ts';
import { CHAOS_CASES, type Chaos } from './chaos.ts';
import { runFault, waitUntilClear, type FaultRun, type GameDayRow } from './gameDay.ts';

export interface GameDayResult {
  rows: GameDayRow[];
  faults: FaultRun[];
  chaos: Array<{ chaos: Chaos; checks: Record<string, boolean> }>;
}

/**
 * Runs the faults one after another on a running stack, then the chaos cases. Each starts once
 * its expected alert has cleared from the previous one. `onRow` reports progress.
 */
export async function runGameDay(
  stack: Stack,
  faults: readonly Fault[],
  chaos: readonly Chaos[],
  onRow: (row: GameDayRow) => void = () => undefined
): Promise<GameDayResult> {
  const result: GameDayResult = { rows: [], faults: [], chaos: [] };
  for (const fault of faults) {
    await waitUntilClear(stack, fault);
    const run = await runFault(stack, fault);
    result.faults.push(run);
    result.rows.push(run.row);
    onRow(run.row);
  }
  for (const c of chaos) {
    await waitUntilClear(stack, 'failingPredictions');
    await waitUntilClear(stack, 'latencySpike');
    const run = await CHAOS_CASES[c](stack);
    result.chaos.push({ chaos: c, checks: run.checks });
    result.rows.push(run.row);
    onRow(run.row);
  }
  return result;
}

export { FAULTS };
