// A pipeline and a model server on real data: 20,000 US flights from the vega-datasets package.
// January is the baseline; February and March are replayed in batches of 500, one per second.
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

const etl = sieve.pipeline('flights_etl');
const dataset = sieve.dataset('flights', {
  schema: { date: 'string', delay: 'number', distance: 'number', origin: 'string', destination: 'string' },
});
const distance = sieve.feature('distance', { baseline: january.map((f) => f.distance) });
const origin = sieve.feature('origin', { kind: 'categorical', baseline: january.map((f) => f.origin) });
const model = sieve.model('delay_classifier', { version: '1' });
// A regression stand-in: delay in minutes; its outcomes are absolute errors in minutes.
const minutes = sieve.model('delay_minutes', { version: '1', kind: 'regression' });

// A stand-in model: the probability that a flight is more than 15 minutes late. It refuses
// distances outside its training range, so the error counters have something to count.
function lateProbability(f: Flight): number {
  if (f.distance > 2500) throw new RangeError(`distance ${f.distance} is outside the training range`);
  return 1 / (1 + Math.exp(-(f.distance - 1200) / 400));
}

let next = 0;
async function runBatch(): Promise<void> {
  const rows = replay.slice(next, next + 500);
  next = next + 500 >= replay.length ? 0 : next + 500;
  await etl.run(async (run) => {
    run.rowsRead(rows.length);
    dataset.checkRecords(rows);
    const valid = rows.filter((r) => Number.isFinite(r.delay) && Number.isFinite(r.distance));
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
    const newest = Math.max(...rows.map((r) => Date.parse(r.date.replaceAll('/', '-'))));
    run.watermark(newest);
    dataset.watermark(newest);
  });
}

await runBatch();
const timer = setInterval(() => void runBatch(), 1000);
console.log(`serving ${sieve.metricsUrl} (Ctrl-C to stop)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void sieve.shutdown().then(() => process.exit(0));
  });
}
