// Run by test/hotPath.test.ts with plain Node (the runtime users run, not Jest's module VM):
// prints how many garbage collections 9 million hot-path calls triggered, and, as a control, how
// many the same number of calls that allocate one small object each triggered.
import { PerformanceObserver } from 'node:perf_hooks';
import { startSieve } from '../../src/index.ts';

async function gcsDuring(fn: () => void): Promise<number> {
  let gcs = 0;
  const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  fn();
  await new Promise((r) => setTimeout(r, 50)); // GC entries are delivered asynchronously
  observer.disconnect();
  return gcs;
}

const sieve = startSieve({ serviceName: 'probe', prometheus: false });
const numeric = sieve.feature('n', { baseline: Array.from({ length: 1000 }, (_, i) => i) });
const categorical = sieve.feature('c', { kind: 'categorical', baseline: ['a', 'b'] });
const model = sieve.model('m');
const run = sieve.pipeline('p').start();
const values = Float64Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1000);
const categories = ['a', 'b', 'unseen'];
const hot = () => {
  for (let i = 0; i < values.length; i++) {
    numeric.observe(values[i]);
    numeric.observe(null);
    numeric.observe(NaN);
    categorical.observe(categories[i % 3]);
    model.recordLatency((values[i] as number) / 1000);
    model.recordScore(0.5);
    model.recordOutcome('tp');
    model.addCost(0.001);
    run.rowsRead(1);
  }
  numeric.observeMany(values);
};
for (let i = 0; i < 3; i++) hot(); // let the JIT optimise first

const sink: Array<{ v: number }> = [];
const control = () => {
  for (let i = 0; i < 9_000_000; i++) sink[i % 16] = { v: i };
};
console.log(JSON.stringify({ hotPath: await gcsDuring(hot), control: await gcsDuring(control) }));
