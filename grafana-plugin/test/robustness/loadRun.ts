import type { HarnessQuery, HarnessSettings, PluginUnderTest } from '../harness/index.ts';

/**
 * `calls` concurrent QueryData calls of the same query through the executable, each with a gRPC
 * deadline as Grafana sets one. An answer counts as correct when its frames equal, byte for byte,
 * those of one call made alone beforehand.
 */
export interface LoadResult {
  calls: number;
  /** Correct answers / calls. */
  answered: number;
  p50Ms: number;
  p99Ms: number;
  /** Error messages of the calls that failed, counted. */
  errors: Record<string, number>;
  /** Calls answered 200 with frames that differ from the reference. */
  wrong: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function loadRun(
  plugin: PluginUnderTest,
  query: HarnessQuery,
  settings: HarnessSettings,
  calls: number,
  deadlineMs: number
): Promise<LoadResult> {
  const reference = (await plugin.queryDataRaw([query], { settings, deadlineMs })).responses[query.refId];
  if (reference?.status !== 200 || reference.frames.length === 0) {
    throw new Error(`load run: the reference call failed: ${reference?.error ?? 'no answer'}`);
  }
  const same = (frames: readonly Uint8Array[]) =>
    frames.length === reference.frames.length &&
    frames.every((f, i) => Buffer.compare(Buffer.from(f), Buffer.from(reference.frames[i]!)) === 0);

  const errors: Record<string, number> = {};
  let correct = 0;
  let wrong = 0;
  const latencies = await Promise.all(
    Array.from({ length: calls }, async () => {
      const t0 = performance.now();
      try {
        const r = (await plugin.queryDataRaw([query], { settings, deadlineMs })).responses[query.refId];
        if (r?.status === 200 && same(r.frames)) correct++;
        else if (r?.status === 200) wrong++;
        else {
          const key = `${r?.status} ${(r?.error ?? 'no answer').replace(/\d+(\.\d+)?/g, 'N')}`;
          errors[key] = (errors[key] ?? 0) + 1;
        }
      } catch (error) {
        const key = `gRPC ${error instanceof Error ? error.message.replace(/ after .*/, '') : String(error)}`;
        errors[key] = (errors[key] ?? 0) + 1;
      }
      return performance.now() - t0;
    })
  );
  latencies.sort((a, b) => a - b);
  return {
    calls,
    answered: correct / calls,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    wrong,
  };
}
