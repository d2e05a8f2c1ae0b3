import type { Sieve } from '../../src/index.ts';

/**
 * Touches every handle method once so that every catalog metric has at least one series,
 * including an overflow (more dataset fields than the cardinality limit allows).
 */
export async function exerciseAll(sieve: Sieve, fieldsPastLimit: number): Promise<void> {
  const p = sieve.pipeline('daily_etl');
  await p.run((run) => {
    run.rowsRead(10);
    run.rowsWritten(9);
    run.rowsDropped(1);
    run.watermark(new Date(Date.UTC(2026, 0, 1)));
  });
  p.start().end('failure');
  const f = sieve.feature('trip_distance', { baseline: Array.from({ length: 100 }, (_, i) => i) });
  f.observeMany(Float64Array.from([1, 50, 99, NaN]));
  f.observe(null);
  const c = sieve.feature('carrier', { kind: 'categorical', baseline: ['AA', 'UA', 'AA'] });
  c.observeMany(['AA', 'XX']);
  // A PII category: exported as __pii_email__ and counted by featureCategoriesMasked.
  sieve.feature('contact', { kind: 'categorical', baseline: ['a@example.com', 'phone'] }).observe('a@example.com');
  const d = sieve.dataset('flights', { schema: { delay: 'number' } });
  // A field name that is a value (an email as a key): exported as __pii_email__, counted by datasetFieldsMasked.
  d.checkRecords([{ delay: 1 }, { delay: null }, { delay: 'x', extra: true, 'a@example.com': 1 }]);
  d.watermark(Date.UTC(2026, 0, 1));
  sieve
    .dataset('wide')
    .checkRecords([Object.fromEntries(Array.from({ length: fieldsPastLimit }, (_, i) => [`f${i}`, null]))]);
  const m = sieve.model('delay_classifier', { version: '3' });
  await m.predict(() => 1);
  await m.predict(() => Promise.reject(new TypeError('bad'))).catch(() => undefined);
  m.recordScore(0.8);
  m.recordOutcome({ predicted: true, actual: true });
  m.addCost(0.01);
  m.recordLatency(-1);
  sieve.model('fare_regressor', { kind: 'regression' }).recordOutcome({ predicted: 12.5, actual: 10 });
}
