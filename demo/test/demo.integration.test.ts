import { METRICS, LABEL } from '@sieve/otel-instrumentation/catalog';
import { freePort, startPushgateway, waitFor, type PushgatewayServer } from '@sieve/testkit';
import { demoConfigSchema } from '../src/config.ts';
import { startDemo, type RunningDemo } from '../src/demo.ts';
import { FAULTS } from '../src/faults.ts';
import { DEMO } from '../src/names.ts';

/** The demo in process against a real Pushgateway: predictions, outcomes, pushes and the admin endpoint. */
describe('the demo', () => {
  let gateway: PushgatewayServer;
  let demo: RunningDemo;
  const text = async (url: string) => (await fetch(url)).text();
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${demo.apiUrl}/admin/faults${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    gateway = await startPushgateway();
    const config = demoConfigSchema.parse({
      host: '127.0.0.1',
      apiPort: await freePort(),
      metricsPort: await freePort(),
      pushgatewayUrl: gateway.url,
      speed: 8640,
      pipelineEveryMs: 300,
      psiWindowMs: 5000,
    });
    demo = await startDemo(config, () => undefined);
  });
  afterAll(async () => {
    await demo?.stop();
    await gateway?.stop();
  });

  it('serves predictions over HTTP and counts outcomes fed back', async () => {
    const outcomes = METRICS.modelOutcomes.prometheus.name;
    await waitFor(async () => /outcome="tn"} [1-9]/.test(await text(demo.metricsUrl)), {
      what: 'outcomes',
      timeoutMs: 20_000,
    });
    const res = await fetch(`${demo.apiUrl}/predict`, {
      method: 'POST',
      body: JSON.stringify({ id: 'x1', distance: 2400, depHour: 18.5, origin: 'ORD', destination: 'LAX' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'x1', probability: expect.any(Number), delayed: expect.any(Boolean) });
    expect(await text(demo.metricsUrl)).toContain(`${outcomes}{${LABEL.model}="${DEMO.model}"`);
  });

  it('answers a bad prediction request with a 400 naming the field', async () => {
    const res = await fetch(`${demo.apiUrl}/predict`, { method: 'POST', body: JSON.stringify({ id: 'x' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('field "distance"');
  });

  it('pushes the batch pipeline to the Pushgateway under its job', async () => {
    const runs = METRICS.pipelineRuns.prometheus.name;
    const pushed = await waitFor(
      async () => {
        const body = await text(`${gateway.url}/metrics`);
        return (
          body.includes(`${runs}{instance="",job="${DEMO.pipeline}",outcome="success",pipeline="${DEMO.pipeline}"}`) &&
          body
        );
      },
      { what: 'a pushed run' }
    );
    expect(pushed).toContain(`${METRICS.featurePsi.prometheus.name}{feature="${DEMO.features.distance}"`);
    // The event-time watermarks: the replayed flights' times on the wall clock, so data age is
    // seconds while runs keep up (the dashboards' watermark-age panels read these).
    for (const [metric, label, value] of [
      [METRICS.pipelineWatermark, LABEL.pipeline, DEMO.pipeline],
      [METRICS.datasetWatermark, LABEL.dataset, DEMO.dataset],
    ] as const) {
      const line = new RegExp(`^${metric.prometheus.name}\\{[^}]*${label}="${value}"[^}]*\\} (\\S+)$`, 'm').exec(
        pushed
      );
      const ageS = Date.now() / 1000 - Number(line?.[1]);
      expect(ageS).toBeGreaterThanOrEqual(0);
      expect(ageS).toBeLessThan(60);
    }
  });

  it('lists every fault, injects and recovers them, and rejects unknown ones', async () => {
    const list = (await (await admin('GET', '')).json()) as { faults: Record<string, string> };
    expect(Object.keys(list.faults)).toEqual([...FAULTS]);
    expect((await admin('PUT', '/nope')).status).toBe(404);
    const bad = await admin('PUT', '/drift', { features: ['altitude'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('field "features.0"');

    await admin('PUT', '/failingPredictions');
    const failed = await fetch(`${demo.apiUrl}/predict`, {
      method: 'POST',
      body: JSON.stringify({ id: 'x2', distance: 500, depHour: 9, origin: 'ATL', destination: 'BOS' }),
    });
    expect(failed.status).toBe(500);
    await admin('DELETE', '/failingPredictions');

    await admin('PUT', '/deadExporter');
    await expect(fetch(demo.metricsUrl)).rejects.toThrow();
    await admin('DELETE', '/deadExporter');
    expect((await fetch(demo.metricsUrl)).status).toBe(200);
    expect(await (await admin('GET', '')).json()).toMatchObject({ active: {} });
  });
});
