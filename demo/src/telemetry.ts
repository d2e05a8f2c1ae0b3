import { createServer, type Server } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createMetricProducer, startSieve, type Sieve } from '@sieve/otel-instrumentation';

/**
 * Sieve attached to the demo's own OpenTelemetry MeterProvider (library mode), with a Prometheus
 * exporter whose HTTP endpoint the demo owns, so the "dead exporter" fault can close it and open
 * it again.
 */
export interface Telemetry {
  readonly sieve: Sieve;
  /** Serves /metrics on host:port until stopServing(); resolves once listening. */
  serve(host: string, port: number): Promise<void>;
  stopServing(): Promise<void>;
  readonly serving: boolean;
  shutdown(): Promise<void>;
}

export function startTelemetry(serviceName: string, psiWindowMs: number): Telemetry {
  const metricProducer = createMetricProducer();
  // No target_info or otel_scope_* labels: Sieve's names are namespaced already (reference doc §13.4).
  const exporter = new PrometheusExporter({
    preventServerStart: true,
    metricProducers: [metricProducer],
    withoutScopeInfo: true,
    withoutTargetInfo: true,
  });
  const provider = new MeterProvider({ readers: [exporter] });
  const sieve = startSieve({ serviceName, meterProvider: provider, metricProducer, psiWindowMs });
  let server: Server | undefined;
  let address: { host: string; port: number } | undefined;

  return {
    sieve,
    serve(host, port) {
      address = { host, port };
      const s = createServer((req, res) => {
        if (req.url?.split('?')[0] === '/metrics') exporter.getMetricsRequestHandler(req, res);
        else res.writeHead(404).end('not found: try /metrics\n');
      });
      server = s;
      return new Promise((resolve, reject) => {
        s.once('error', (e) => reject(new Error(`metrics endpoint on ${host}:${port}: ${e.message}`)));
        s.listen(port, host, () => resolve());
      });
    },
    async stopServing() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    get serving() {
      return server !== undefined && address !== undefined;
    },
    async shutdown() {
      await this.stopServing();
      await sieve.shutdown();
      await provider.shutdown();
    },
  };
}
