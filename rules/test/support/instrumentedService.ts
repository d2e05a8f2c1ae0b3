import { createInterface } from 'node:readline';
import { startSieve } from '@sieve/otel-instrumentation';
import { FAULTS, type Fault } from './faults.ts';

/**
 * A small instrumented service for the live alert-path test, run as its own process:
 * `node instrumentedService.ts PORT`. Two pipelines run four times a second, a model serves 20
 * predictions a second. Faults are switched on stdin (`fault NAME` / `recover NAME`), each
 * acknowledged on stdout (`ok fault NAME`).
 */

const port = Number(process.argv[2]);
const sieve = startSieve({
  serviceName: 'live-alert-path',
  prometheus: { host: '127.0.0.1', port },
  psiWindowMs: 3000,
});

// A deterministic standard normal sample (Box-Muller on a small LCG).
let seed = 42;
const uniform = () => ((seed = (seed * 1664525 + 1013904223) % 4294967296) + 0.5) / 4294967296;
const normal = (n: number, mean: number) =>
  Float64Array.from(
    { length: n },
    () => mean + Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
  );

const on = new Set<Fault>();
const batch = sieve.pipeline('live-batch');
const stream = sieve.pipeline('live-stream');
const batchScore = sieve.feature('batch_score', { baseline: normal(5000, 0) });
const amount = sieve.feature('amount', { baseline: normal(5000, 0) });
const staleMe = sieve.feature('stale_me', { baseline: normal(5000, 0) });
const events = sieve.dataset('events', { schema: { id: 'number', amount: 'number', email: 'string' } });
const model = sieve.model('live-model', { version: '1' });

let id = 0;
async function tick(): Promise<void> {
  if (!on.has('stopRuns'))
    await batch.run((run) => {
      batchScore.observeMany(normal(200, 0));
      run.rowsRead(200);
      run.rowsWritten(200);
    });
  await stream.run((run) => {
    amount.observeMany(normal(200, on.has('drift') ? 3 : 0));
    if (!on.has('staleFeature')) staleMe.observeMany(normal(200, 0));
    const records = Array.from({ length: 20 }, () => ({
      id: id++,
      amount: uniform() * 100,
      email: 'someone@example.com',
      ...(on.has('schemaChange') ? { ip: '192.0.2.1' } : {}),
    }));
    events.checkRecords(records);
    run.rowsRead(records.length);
    run.rowsWritten(records.length);
  });
}

async function predict(): Promise<void> {
  try {
    await model.predict(() => {
      if (on.has('failPredictions')) throw new Error('model backend unavailable');
      return 1;
    });
  } catch {
    // counted by the instrumentation
  }
}

const timers = [setInterval(() => void tick(), 250), setInterval(() => void predict(), 50)];

createInterface({ input: process.stdin }).on('line', (line) => {
  const [verb, name] = line.trim().split(/\s+/);
  if (!FAULTS.includes(name as Fault)) return;
  if (verb === 'fault') on.add(name as Fault);
  if (verb === 'recover') on.delete(name as Fault);
  process.stdout.write(`ok ${verb} ${name}\n`);
});
process.stdin.on('end', () => {
  for (const t of timers) clearInterval(t);
  void sieve.shutdown().then(() => process.exit(0));
});

await sieve.ready();
process.stdout.write('ready\n');
