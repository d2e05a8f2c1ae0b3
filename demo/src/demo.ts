import { createServer, type Server } from 'node:http';
import { seededRandom } from '@sieve/testkit';
import { handleAdmin } from './admin.ts';
import type { DemoConfig } from './config.ts';
import { trainDelayModel } from './delayModel.ts';
import { FeaturePipeline } from './featurePipeline.ts';
import { FaultState, type Fault, type FaultOptions } from './faults.ts';
import { loadFlights } from './flights.ts';
import { HttpError, sendJson } from './httpJson.ts';
import { ModelServer } from './modelServer.ts';
import { DEMO } from './names.ts';
import { simClock } from './simClock.ts';
import { startSieve } from '@sieve/otel-instrumentation';
import { startTelemetry } from './telemetry.ts';
import { TrafficReplay } from './trafficReplay.ts';
import { spreadsOf } from './upstream.ts';

const DAY_MS = 86_400_000;

export interface RunningDemo {
  readonly apiUrl: string;
  readonly metricsUrl: string;
  readonly faults: FaultState;
  stop(): Promise<void>;
}

/**
 * Starts the demo: trains the model on the first weeks of flights, then replays the rest on
 * the accelerated clock. The model server is long-running and scraped (metricsPort); the
 * feature pipeline runs as a batch job every `pipelineEveryMs` and pushes to the Pushgateway.
 */
export async function startDemo(config: DemoConfig, log: (line: string) => void = console.log): Promise<RunningDemo> {
  const flights = loadFlights();
  const first = (flights[0] as (typeof flights)[number]).time;
  const trainingEnd = first + config.trainingDays * DAY_MS;
  const training = flights.filter((f) => f.time < trainingEnd);
  const replayed = flights.filter((f) => f.time >= trainingEnd);
  const model = trainDelayModel(training);
  const spreads = spreadsOf(training);
  const faults = new FaultState();
  const random = seededRandom(config.seed);

  const serving = startTelemetry(`${DEMO.service}-model`, config.psiWindowMs);
  // The batch job's state reaches Prometheus through the Pushgateway: each run's end pushes it.
  const batch = startSieve({
    serviceName: DEMO.pipeline,
    pushgateway: { url: config.pushgatewayUrl, job: DEMO.pipeline },
    psiWindowMs: config.psiWindowMs,
  });
  const modelServer = new ModelServer(serving.sieve, model, faults);
  const pipeline = new FeaturePipeline(batch, flights, training, faults, spreads, random);
  const clock = simClock(trainingEnd, (flights.at(-1)?.time ?? trainingEnd) + 1, config.speed);

  const switchFaults = {
    async inject(fault: Fault, options: FaultOptions) {
      faults.inject(fault, options);
      if (fault === 'deadExporter') await serving.stopServing();
      log(`fault injected: ${fault} ${JSON.stringify(options)}`);
    },
    async recover(fault: Fault) {
      if (!faults.has(fault)) return;
      faults.clear(fault);
      if (fault === 'deadExporter') await serving.serve(config.host, config.metricsPort);
      log(`fault recovered: ${fault}`);
    },
    active: () => faults.active(),
  };

  const api = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const handled = async () => {
      if (req.method === 'GET' && path === '/healthz') {
        sendJson(res, 200, { ok: true, simTime: new Date(clock.at()).toISOString(), lap: clock.lap() });
        return true;
      }
      return (await modelServer.handle(req, res, path)) || handleAdmin(req, res, path, switchFaults);
    };
    handled().then(
      (done) => done || sendJson(res, 404, { error: `no route ${req.method} ${path}` }),
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        if (!res.headersSent) sendJson(res, status, { error: (error as Error).message });
      }
    );
  });
  await listen(api, config.host, config.apiPort);
  await serving.serve(config.host, config.metricsPort);

  const shown = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const apiUrl = `http://${shown}:${config.apiPort}`;
  const traffic = new TrafficReplay(replayed, clock, apiUrl, faults, spreads);
  const scheduler = pipelineScheduler(pipeline, clock, config, faults);
  const trafficTimer = setInterval(() => traffic.tick(), 100);

  log(
    `demo: model trained on ${training.length} flights (${config.trainingDays} days), replaying ${replayed.length} ` +
      `at ${config.speed}× (a simulated day every ${Math.round(DAY_MS / config.speed / 1000)} s)`
  );
  return {
    apiUrl,
    metricsUrl: `http://${shown}:${config.metricsPort}/metrics`,
    faults,
    async stop() {
      clearInterval(trafficTimer);
      traffic.stop();
      await scheduler.stop();
      api.closeAllConnections();
      await new Promise<void>((r) => api.close(() => r()));
      await serving.shutdown();
      await batch.shutdown();
    },
  };
}

/** Runs the batch pipeline every `pipelineEveryMs` over the flights since its last run (each run pushes). */
function pipelineScheduler(
  pipeline: FeaturePipeline,
  clock: ReturnType<typeof simClock>,
  config: DemoConfig,
  faults: FaultState
) {
  // The first run catches up on the previous simulated day, as a batch job's first run takes its
  // backlog: PSI over a handful of rows would be noise, not drift.
  let from = Math.max(clock.start - DAY_MS, clock.at() - DAY_MS);
  let lap = clock.lap();
  let running: Promise<void> = Promise.resolve();
  const runOnce = async () => {
    if (faults.has('stalledPipeline')) return;
    const to = clock.at();
    const nowLap = clock.lap();
    if (nowLap !== lap) from = clock.start; // the replay wrapped around
    lap = nowLap;
    await pipeline.run(from, to, (simMs) => clock.wallOf(simMs)).catch(() => undefined); // a failed run is recorded and pushed too
    from = to;
  };
  const timer = setInterval(() => {
    running = running.then(runOnce);
  }, config.pipelineEveryMs);
  running = runOnce();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(new Error(`demo API on ${host}:${port}: ${e.message}`)));
    server.listen(port, host, () => resolve());
  });
}
