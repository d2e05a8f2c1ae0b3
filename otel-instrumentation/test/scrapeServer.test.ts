import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { freePort } from '@sieve/testkit';
import { METRICS, startSieve, type Sieve } from '../src/index.ts';
import { EXPOSITION_CONTENT_TYPE, writeInSlices } from '../src/export/scrapeServer.ts';
import { parseExposition, promtoolCheckMetrics } from './support/exposition.ts';
import { exerciseAll } from './support/exerciseAll.ts';

/** Everything after the target_info family (the two endpoints have different resources). */
function withoutTargetInfo(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^(# (HELP|TYPE|UNIT) )?target_info\b/.test(l))
    .join('\n');
}

/** Label values a user can produce: quotes, backslashes, newlines, non-ASCII. */
const AWKWARD = ['say "hi"', 'back\\slash', 'two\nlines', 'café ☕', '', ' '];

async function instrumented(sieve: Sieve): Promise<void> {
  await exerciseAll(sieve, 10);
  const c = sieve.feature('awkward', { kind: 'categorical', baseline: AWKWARD, categories: 'raw' });
  c.observeMany(AWKWARD);
  sieve.dataset('odd fields').checkRecords([Object.fromEntries(AWKWARD.map((k) => [k, null]))]);
  sieve.model('m"q', { version: 'v\\1' }).recordLatency(0.2);
}

describe("Sieve's scrape endpoint", () => {
  let sieve: Sieve;
  let otel: MeterProvider;
  let ours = '';
  let theirs = '';
  let contentType = '';

  beforeAll(async () => {
    sieve = startSieve({ serviceName: 'scrape-test', prometheus: { host: '127.0.0.1', port: await freePort() } });
    await sieve.ready();
    // The OTel exporter, fed the same series through a producer of the same Sieve.
    const port = await freePort();
    const exporter = new PrometheusExporter({
      host: '127.0.0.1',
      port,
      metricProducers: [sieve.createMetricProducer()],
      withoutScopeInfo: true,
      withoutTargetInfo: true,
    });
    otel = new MeterProvider({ readers: [exporter] });
    await exporter.startServer();
    await instrumented(sieve);
    const res = await fetch(sieve.metricsUrl as string);
    contentType = res.headers.get('content-type') ?? '';
    ours = await res.text();
    theirs = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  });

  afterAll(async () => {
    await otel.shutdown();
    await sieve.shutdown();
  });

  it('serves byte for byte what the OpenTelemetry Prometheus exporter serves for the same series', () => {
    expect(parseExposition(ours).samples.length).toBeGreaterThan(100);
    expect(withoutTargetInfo(ours)).toBe(theirs);
  });

  it('escapes awkward label values as the text format requires, and promtool accepts the whole body', () => {
    const { samples } = parseExposition(ours);
    const categories = samples
      .filter((s) => s.name === METRICS.featureCategory.prometheus.name && s.labels.feature === 'awkward')
      .map((s) => s.labels.category);
    expect(categories).toEqual(expect.arrayContaining(AWKWARD.filter((v) => v !== '')));
    expect(ours).toContain('category="say \\"hi\\""');
    expect(ours).toContain('category="two\\nlines"');
    expect(promtoolCheckMetrics(ours)).toEqual({ status: 0, output: '' });
  });

  it('starts with target_info and says it is the 0.0.4 text format', () => {
    expect(ours.startsWith('# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{')).toBe(true);
    expect(contentType).toBe(EXPOSITION_CONTENT_TYPE);
  });

  it('answers 404 elsewhere, and HEAD with headers only', async () => {
    const base = new URL(sieve.metricsUrl as string);
    expect((await fetch(new URL('/other', base))).status).toBe(404);
    const head = await fetch(base, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves the same body to concurrent scrapes', async () => {
    const bodies = await Promise.all([1, 2, 3].map(async () => (await fetch(sieve.metricsUrl as string)).text()));
    expect(new Set(bodies.map(withoutTargetInfo)).size).toBe(1);
    expect(withoutTargetInfo(bodies[0] as string)).toBe(theirs);
  });
});

describe('writeInSlices', () => {
  /** Steps that note how many turns of the event loop had passed when each was taken. */
  async function run(sliceMs: number): Promise<{ turnsSeen: number[]; written: string }> {
    let turns = 0;
    let ticking = true;
    void (async () => {
      while (ticking) {
        await nextTurn();
        turns++;
      }
    })();
    const turnsSeen: number[] = [];
    function* steps() {
      for (let i = 0; i < 20; i++) {
        turnsSeen.push(turns);
        yield i % 2 ? `line ${i}\n` : undefined;
      }
    }
    const out = new PassThrough();
    let written = '';
    out.on('data', (b: Buffer) => (written += b.toString()));
    const ended = new Promise((resolve) => out.on('end', resolve));
    await writeInSlices(out, steps(), sliceMs);
    await ended;
    ticking = false;
    return { turnsSeen, written };
  }

  const expected = Array.from({ length: 10 }, (_, i) => `line ${2 * i + 1}\n`).join('');

  it('gives the event loop a turn between slices, and writes every piece in order', async () => {
    const { turnsSeen, written } = await run(0);
    for (let i = 1; i < turnsSeen.length; i++) expect(turnsSeen[i]).toBeGreaterThan(turnsSeen[i - 1] as number);
    expect(written).toBe(expected);
  });

  it('runs a slice shorter than its budget without a turn', async () => {
    const { turnsSeen, written } = await run(60_000);
    expect(new Set(turnsSeen).size).toBe(1);
    expect(written).toBe(expected);
  });

  it('stops when the sink is destroyed (the scraper left)', async () => {
    const out = new PassThrough();
    out.resume();
    let taken = 0;
    function* steps() {
      for (let i = 0; i < 100; i++) {
        taken++;
        if (i === 3) out.destroy();
        yield `x${i}\n`;
      }
    }
    await writeInSlices(out, steps(), 0);
    expect(taken).toBe(4);
  });

  it('stops waiting for a sink that is never read when the signal aborts (the server closes)', async () => {
    const out = new PassThrough({ highWaterMark: 16 }); // nobody reads it: full after the first write
    const cut = new AbortController();
    let taken = 0;
    function* steps() {
      for (let i = 0; i < 100; i++) {
        taken++;
        yield 'x'.repeat(64);
      }
    }
    const writing = writeInSlices(out, steps(), 0, cut.signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(taken).toBe(1); // waiting for 'drain'
    cut.abort();
    await writing;
    expect(taken).toBe(1);
    expect(out.writableEnded).toBe(false);
  });
});
