import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { freePort, waitFor } from '@sieve/testkit';
import {
  createMetricProducer,
  LABEL,
  METRICS,
  OVERFLOW_ATTRIBUTE,
  prometheusLabel,
  startSieve,
  type Sieve,
} from '../src/index.ts';
import { parseExposition } from './support/exposition.ts';

async function scrape(url: string) {
  return parseExposition(await (await fetch(url)).text());
}

function touch(sieve: Sieve): void {
  sieve.pipeline('etl').start().end('success');
  sieve.model('m', { version: '1' }).recordLatency(0.1);
  sieve.feature('f', { baseline: [1, 2, 3] }).observeMany([1, 2]);
}

describe('one-call start (NodeSDK + Prometheus exporter)', () => {
  it('serves on the given port, and caps the application own instruments with the same View limit', async () => {
    const port = await freePort();
    const sieve = startSieve({ serviceName: 'modes', prometheus: { host: '127.0.0.1', port }, cardinalityLimit: 5 });
    try {
      await sieve.ready();
      expect(sieve.metricsUrl).toBe(`http://127.0.0.1:${port}/metrics`);
      touch(sieve);
      // NodeSDK registered its MeterProvider globally: an app instrument gets the same limit.
      const counter = metrics.getMeter('app').createCounter('app.requests');
      for (let i = 0; i < 10; i++) counter.add(1, { route: `/r${i}` });
      const { samples } = await scrape(sieve.metricsUrl as string);
      const app = samples.filter((s) => s.name === 'app_requests_total');
      expect(app).toHaveLength(5);
      expect(app.filter((s) => s.labels[prometheusLabel(OVERFLOW_ATTRIBUTE)] === 'true')).toHaveLength(1);
      expect(samples.some((s) => s.name === METRICS.featureValue.prometheus.bucket)).toBe(true);
      // No process_command_args in target_info: command lines can carry secrets.
      const target = samples.find((s) => s.name === 'target_info');
      expect(target?.labels.service_name).toBe('modes');
      expect(Object.keys(target?.labels ?? {})).not.toContain('process_command_args');
    } finally {
      await sieve.shutdown();
    }
  });

  it('ready() rejects with a clear message when the port is taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as AddressInfo).port;
    const sieve = startSieve({ serviceName: 'modes', prometheus: { host: '127.0.0.1', port } });
    await expect(sieve.ready()).rejects.toThrow(new RegExp(`Prometheus exporter on 127.0.0.1:${port}: .*EADDRINUSE`));
    await sieve.shutdown();
    await sieve.shutdown(); // idempotent
    blocker.close();
  });

  it('says so once on stderr when the port is taken and nobody awaits ready()', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as AddressInfo).port;
    let stderr = '';
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    }) as typeof process.stderr.write;
    try {
      // The root README's first example: start, record, shut down; ready() is never called.
      const sieve = startSieve({ serviceName: 'noready', prometheus: { host: '127.0.0.1', port } });
      await sieve.pipeline('etl').run(() => undefined);
      await waitFor(() => stderr.includes('EADDRINUSE'), { timeoutMs: 5000, what: 'the listen failure on stderr' });
      await sieve.shutdown();
      // A second Sieve that asks ready() gets the rejection and no stderr line.
      const asked = startSieve({ serviceName: 'asked', prometheus: { host: '127.0.0.1', port } });
      const before = stderr;
      await expect(asked.ready()).rejects.toThrow(/EADDRINUSE/);
      await asked.shutdown();
      expect(stderr).toBe(before);
    } finally {
      process.stderr.write = original;
      blocker.close();
    }
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^sieve: startSieve: Prometheus exporter on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*; no metrics are served`
        )
      ),
    ]);
  });
});

describe('an existing MeterProvider', () => {
  it('without a metricProducer: counters and gauges through observable instruments, no histograms', async () => {
    const port = await freePort();
    const provider = new MeterProvider({ readers: [new PrometheusExporter({ host: '127.0.0.1', port })] });
    const sieve = startSieve({ serviceName: 'modes', meterProvider: provider });
    expect(sieve.metricsUrl).toBeUndefined();
    touch(sieve);
    const { types, samples } = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(types.get(METRICS.pipelineRuns.prometheus.name)).toBe('counter');
    expect(types.get(METRICS.pipelineLastSuccess.prometheus.name)).toBe('gauge');
    expect(
      samples.find((s) => s.name === METRICS.pipelineRuns.prometheus.name && s.labels[LABEL.outcome] === 'success')
        ?.value
    ).toBe(1);
    expect(types.has(METRICS.featureValue.prometheus.name)).toBe(false);
    await provider.shutdown();
  });

  it('with createMetricProducer() on its reader: every series, histograms included', async () => {
    const port = await freePort();
    const producer = createMetricProducer();
    const provider = new MeterProvider({
      readers: [new PrometheusExporter({ host: '127.0.0.1', port, metricProducers: [producer] })],
    });
    const sieve = startSieve({ serviceName: 'modes', meterProvider: provider, metricProducer: producer });
    touch(sieve);
    const { types } = await scrape(`http://127.0.0.1:${port}/metrics`);
    for (const def of [METRICS.pipelineRuns, METRICS.featureValue, METRICS.modelPredictionDuration]) {
      expect(types.get(def.prometheus.name)).toBe(def.type);
    }
    await provider.shutdown();
  });
});

describe('OTLP', () => {
  it('pushes every Sieve series to a collector over OTLP/HTTP', async () => {
    const bodies: string[] = [];
    const collector = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(`${req.url} ${req.headers['content-type']} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    }).listen(0, '127.0.0.1');
    await new Promise((r) => collector.once('listening', r));
    const url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/metrics`;
    const sieve = startSieve({ serviceName: 'modes', otlp: { url, intervalMs: 200 } });
    expect(sieve.metricsUrl).toBeUndefined(); // no Prometheus endpoint unless asked for
    touch(sieve);
    try {
      await waitFor(() => bodies.some((b) => b.includes(METRICS.featureValue.name)), {
        timeoutMs: 10_000,
        what: 'an OTLP export',
      });
      const body = bodies.find((b) => b.includes(METRICS.featureValue.name)) as string;
      expect(body.startsWith('/v1/metrics application/json')).toBe(true);
      for (const def of [METRICS.pipelineRuns, METRICS.modelPredictionDuration, METRICS.featurePsi]) {
        expect(body).toContain(`"${def.name}"`);
      }
    } finally {
      await sieve.shutdown();
      collector.close();
    }
  });
});
