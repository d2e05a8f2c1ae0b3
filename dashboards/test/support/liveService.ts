import { startSieve, type PredictionOutcome } from '@sieve/otel-instrumentation';
import { seededRandom } from '@sieve/testkit';
import type { LiveNames } from './liveNames.ts';

/**
 * The instrumented process the live dashboard test scrapes: `node liveService.ts PORT NAMES`,
 * NAMES being the JSON of LiveNames (the names in the default spec, rules/slos.yaml). It runs
 * every fault at once, so each panel has
 * data, failures included: a pipeline that always fails and one that fails one run in ten, a
 * drifted numeric and categorical feature with missing values (PII among the categories), watermarks, a dataset past the cardinality limit with an email as a field name, rejected values, a dataset with missing fields, type violations and a schema
 * change, and a model with errors, false positives, scores and cost. Stops on SIGTERM.
 */

const port = Number(process.argv[2]);
/** Fields of the wide dataset: more than the cardinality limit allows per handle. */
const WIDE_FIELDS = 80;
const names = JSON.parse(process.argv[3] ?? '{}') as LiveNames;
const sieve = startSieve({
  serviceName: 'dashboards-live',
  prometheus: { host: '127.0.0.1', port },
  psiWindowMs: 3000,
  // Low enough for the wide dataset below to overflow; every other handle stays well under it.
  cardinalityLimit: WIDE_FIELDS - 16,
});
const random = seededRandom(7);
const normal = (n: number, mean: number) =>
  Float64Array.from(
    { length: n },
    () => mean + Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random())
  );

const stream = sieve.pipeline(names.streamPipeline);
const training = sieve.pipeline(names.failingPipeline);
const features = names.features.map((f) => sieve.feature(f, { baseline: normal(5000, 0) }));
// Airports, with an email among the baseline's categories: exported masked (__pii_email__), counted as masked.
const AIRPORTS = ['JFK', 'LAX', 'SFO', 'ORD', 'someone@example.com'] as const;
const categorical = names.categoricalFeature
  ? sieve.feature(names.categoricalFeature, {
      kind: 'categorical',
      baseline: [40, 30, 20, 8, 2].flatMap((n, i) => Array<string>(n).fill(AIRPORTS[i]!)),
    })
  : undefined;
// Drifted: ORD grew from 8% to about a third, the email from 2% to 16%; 5% are airports the baseline never saw (__other__).
const categoricalBatch = () =>
  Array.from({ length: 100 }, (_, i) =>
    i < 5 ? 'XYZ' : (['JFK', 'LAX', 'SFO', 'ORD', 'ORD', AIRPORTS[4]] as const)[i % 6]!
  );
const datasets = names.datasets.map((d) =>
  sieve.dataset(d, { schema: { id: 'number', amount: 'number', email: 'string' } })
);
// Not in the spec: a dataset with too many fields (cardinality overflow) and an email used as a key (masked field name).
const wide = sieve.dataset('wide-events');
const wideRecord = () =>
  Object.fromEntries([
    ['jane.doe@example.com', 1],
    ...Array.from({ length: WIDE_FIELDS }, (_, i) => [`field_${i}`, random() < 0.5 ? i : null]),
  ]);
const models = names.models.map((m) => sieve.model(m, { version: '1' }));
const OUTCOMES: readonly PredictionOutcome[] = ['tp', 'tn', 'tn', 'tn', 'tn', 'fp', 'fn', 'tp'];

let tick = 0;
let id = 0;
async function runStream(): Promise<void> {
  tick++;
  await stream
    .run((run) => {
      for (const f of features) {
        f.observeMany(normal(200, 3)); // drifted: the baseline's mean is 0
        f.observe(null);
      }
      categorical?.observeMany(categoricalBatch());
      categorical?.observe(null);
      // Event time runs 90 s behind the clock: the data's age, apart from when the run happened.
      run.watermark(Date.now() - 90_000);
      const records = Array.from({ length: 20 }, (_, i) => ({
        id: id++,
        amount: i === 0 ? 'not a number' : random() * 100,
        ...(i % 4 === 0 ? {} : { email: 'someone@example.com' }),
        ...(tick > 20 ? { ip: '192.0.2.1' } : {}), // a field appears: a schema change
      }));
      for (const d of datasets) {
        d.checkRecords(records);
        d.watermark(Date.now() - 120_000);
      }
      run.rowsRead(records.length);
      run.rowsWritten(records.length - 2);
      run.rowsDropped(2);
      wide.checkRecords([wideRecord(), wideRecord()]);
      if (tick % 5 === 0) run.rowsRead(-1); // rejected and counted, never thrown
      if (tick % 10 === 0) throw new Error('upstream timeout');
    })
    .catch(() => undefined);
}

async function runTraining(): Promise<void> {
  await training
    .run(() => {
      throw new Error('out of memory');
    })
    .catch(() => undefined);
}

async function predict(): Promise<void> {
  for (const model of models) {
    await model
      .predict(() => {
        if (random() < 0.02) throw new Error('model backend unavailable');
        model.recordScore(random());
        model.recordOutcome(OUTCOMES[Math.floor(random() * OUTCOMES.length)]!);
        model.addCost(0.0004);
        return 1;
      })
      .catch(() => undefined);
  }
}

const timers = [
  setInterval(() => void runStream(), 250),
  setInterval(() => void runTraining(), 2000),
  setInterval(() => void predict(), 50),
];
process.once('SIGTERM', () => {
  for (const t of timers) clearInterval(t);
  void sieve.shutdown().then(() => process.exit(0));
});
await sieve.ready();
