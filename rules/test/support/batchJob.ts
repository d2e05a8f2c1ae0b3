// A batch job that exits, as a user writes one: one run of pipeline `nightly`, pushed to the
// Pushgateway given as argv[2]. argv[3]: `success` (default), `failure`, or `hang` (starts a run
// and never ends it, to be killed). Prints `done <last_success unix s>` after a finished run.
import { startSieve } from '@sieve/otel-instrumentation';

const [url = '', mode = 'success'] = process.argv.slice(2);
const sieve = startSieve({ serviceName: 'nightly-job', pushgateway: { url } });
const pipeline = sieve.pipeline('nightly');
if (mode === 'hang') {
  const run = pipeline.start();
  run.rowsRead(1000);
  console.log('hanging');
  setInterval(() => undefined, 1000);
} else {
  await pipeline
    .run((run) => {
      run.rowsRead(100);
      run.rowsWritten(95);
      run.rowsDropped(5);
      run.watermark(Date.now() - 3 * 3600_000);
      if (mode === 'failure') throw new Error('source unavailable');
    })
    .catch(() => undefined);
  await sieve.shutdown();
  console.log(`done ${Math.floor(Date.now() / 1000)}`);
}
