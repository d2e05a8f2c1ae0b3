// A pipeline and a model server on real data: 20,000 US flights from the vega-datasets package.
// January is the baseline; February and March are replayed in batches of 500, one per second.
// Failure modes on purpose: some nulls and wrongly typed values, a schema change after 10 batches,
// every 7th run failing, and the real shift of February/March against January. The names are
// those the default SLO spec (rules/slos.yaml) selects.
import { readFileSync } from 'node:fs';
import { startSieve } from '@sieve/otel-instrumentation';

interface Flight {
  date: string;
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}

const data = new URL('../data/flights-20k.json', import.meta.resolve('vega-datasets'));
const flights = JSON.parse(readFileSync(data, 'utf8')) as Flight[];
const january = flights.filter((f) => f.date.startsWith('2001/01'));
const replay = flights.filter((f) => !f.date.startsWith('2001/01'));

const sieve = startSieve({
  serviceName: 'flights',
  prometheus: { host: process.env.HOST ?? '0.0.0.0', port: Number(process.env.PORT ?? 9464) },
});
await sieve.ready();

const etl = sieve.pipeline('flights-features');
const dataset = sieve.dataset('flights', {
  schema: { date: 'string', delay: 'number', distance: 'number', origin: 'string', destination: 'string' },
});
const distance = sieve.feature('distance', { baseline: january.map((f) => f.distance) });
const origin = sieve.feature('origin', { kind: 'categorical', baseline: january.map((f) => f.origin) });
const model = sieve.model('flight-delay', { version: '1' });
// A regression stand-in: delay in minutes; its outcomes are absolute errors in minutes.
const minutes = sieve.model('delay_minutes', { version: '1', kind: 'regression' });

// A stand-in model: the probability that a flight is more than 15 minutes late. It refuses
// distances outside its training range, so the error counters have something to count.
function lateProbability(f: Flight): number {
  if (f.distance > 2500) throw new RangeError(`distance ${f.distance} is outside the training range`);
  return 1 / (1 + Math.exp(-(f.distance - 1200) / 400));
}

let next = 0;
let batch = 0;
async function runBatch(): Promise<void> {
  batch++;
  const rows: Array<Record<string, unknown>> = replay.slice(next, next + 500).map((f, i) => ({
    ...f,
    delay: i % 50 === 0 ? null : f.delay, // a missing value
    distance: i % 97 === 0 ? String(f.distance) : f.distance, // a type violation
    ...(batch > 10 ? { carrier: 'unknown' } : {}), // a schema change
  }));
  next = next + 500 >= replay.length ? 0 : next + 500;
  await etl.run(async (run) => {
    run.rowsRead(rows.length);
    dataset.checkRecords(rows);
    if (batch % 7 === 0) throw new Error('upstream export incomplete'); // a failing run
    const valid = rows.filter(
      (r): r is Record<string, unknown> & Flight => typeof r.delay === 'number' && typeof r.distance === 'number'
    );
    run.rowsDropped(rows.length - valid.length);
    distance.observeMany(Float64Array.from(valid, (r) => r.distance));
    origin.observeMany(valid.map((r) => r.origin));
    for (const flight of valid) {
      const p = await model.predict(async () => lateProbability(flight)).catch(() => undefined);
      model.addCost(0.0001);
      if (p === undefined) continue; // counted as a model error, error_type RangeError
      model.recordScore(p);
      model.recordOutcome({ predicted: p > 0.5, actual: flight.delay > 15 });
      minutes.recordOutcome({ predicted: 30 * p, actual: flight.delay });
    }
    run.rowsWritten(valid.length);
    // Event time: the newest flight in the batch, apart from when the batch ran.
    const newest = Math.max(...valid.map((r) => Date.parse(r.date.replaceAll('/', '-'))));
    run.watermark(newest);
    dataset.watermark(newest);
  });
}

await runBatch();
const timer = setInterval(() => void runBatch().catch(() => undefined), 1000);
console.log(`serving ${sieve.metricsUrl} (Ctrl-C to stop)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void sieve.shutdown().then(() => process.exit(0));
  });
}
