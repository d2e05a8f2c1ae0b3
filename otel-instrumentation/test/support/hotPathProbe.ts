// Run by test/hotPath.test.ts with plain Node (the runtime users run, not Jest's module VM):
// prints the young-generation bytes allocated per hot-path call, and, as a control, per call of a
// loop that allocates one small object each time.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { startSieve } from '../../src/index.ts';

const newSpaceUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? NaN;

/** Bytes allocated in the young generation per call; a run interrupted by a GC is repeated. */
async function bytesPerCall(fn: () => void, calls: number): Promise<number> {
  for (let attempt = 0; attempt < 10; attempt++) {
    let gcs = 0;
    const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
    observer.observe({ entryTypes: ['gc'] });
    const before = newSpaceUsed();
    fn();
    const after = newSpaceUsed();
    await new Promise((r) => setTimeout(r, 20)); // GC entries are delivered asynchronously
    observer.disconnect();
    if (gcs === 0 && after >= before) return (after - before) / calls;
  }
  throw new Error('every measurement was interrupted by a garbage collection');
}

const sieve = startSieve({ serviceName: 'probe', prometheus: false });
const numeric = sieve.feature('n', { baseline: Array.from({ length: 1000 }, (_, i) => i) });
const categorical = sieve.feature('c', { kind: 'categorical', baseline: ['a', 'b'] });
const model = sieve.model('m');
const run = sieve.pipeline('p').start();
const N = 20_000;
// Small integers: V8 boxes a non-integer argument passed to a call it does not inline, an
// allocation of the caller's that no library can avoid (observeMany avoids the call altogether).
const values = Float64Array.from({ length: N }, (_, i) => (i * 7919) % 1000);
const categories = ['a', 'b', 'unseen'];
const hot = () => {
  for (let i = 0; i < N; i++) {
    numeric.observe(values[i]);
    numeric.observe(null);
    numeric.observe(NaN);
    categorical.observe(categories[i % 3]);
    categorical.observe(values[i]); // a number, matched against the categories' string forms
    model.recordLatency(values[i] as number);
    model.recordScore(0.5);
    model.recordOutcome('tp');
    model.addCost(0.001);
    run.rowsRead(1);
  }
};
for (let i = 0; i < 200; i++) hot(); // let the JIT optimise first

const sink: Array<{ v: number }> = [];
const control = () => {
  for (let i = 0; i < N * 10; i++) sink[i % 16] = { v: i };
};
for (let i = 0; i < 20; i++) control();
console.log(JSON.stringify({ hotPath: await bytesPerCall(hot, N * 10), control: await bytesPerCall(control, N * 10) }));
