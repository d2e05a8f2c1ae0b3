import { createServer } from 'node:http';
import { listenLoopback, startAlertmanager, startPrometheus, type PrometheusServer } from '../src/index.ts';

describe('real Prometheus and Alertmanager on loopback', () => {
  let prom: PrometheusServer;
  const target = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end('# TYPE testkit_probe gauge\ntestkit_probe{kind="a"} 42\n');
  });

  beforeAll(async () => {
    const port = await listenLoopback(target);
    prom = await startPrometheus({ scrapeJobs: [{ job: 'probe', targets: [`127.0.0.1:${port}`] }] });
  });
  afterAll(async () => {
    await prom?.stop();
    target.close();
  });

  it('scrapes a target and answers PromQL', async () => {
    await prom.waitForTargetsUp();
    const samples = await prom.query('testkit_probe * 2');
    expect(samples).toEqual([{ metric: { job: 'probe', instance: expect.any(String), kind: 'a' }, value: 84 }]);
  });

  it('starts Alertmanager with a configuration and reports it ready', async () => {
    const am = await startAlertmanager('route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n');
    try {
      const status = (await (await fetch(`${am.url}/api/v2/status`)).json()) as { config: { original: string } };
      expect(status.config.original).toContain('receiver: blackhole');
    } finally {
      await am.stop();
    }
  });
});

it('fails fast with the process output when the configuration is invalid', async () => {
  const started = Date.now();
  await expect(startAlertmanager('route: {}\n')).rejects.toThrow(/Alertmanager exited[\s\S]*default receiver/);
  expect(Date.now() - started).toBeLessThan(15_000);
});
