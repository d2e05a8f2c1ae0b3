import {
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { jsonResource, type PluginHandlers, type ResourceResponse } from '../sdk/index.ts';
import { isHttpStatus } from './httpStatus.ts';
import {
  handshakeAddress,
  type ListenAddress,
  LOOPBACK,
  removeSocket,
  shareWithGroup,
  unixSocketAddress,
} from './listenAddress.ts';
import type { Logger } from './logger.ts';
import type {
  WireCallResourceRequest,
  WireCallResourceResponse,
  WireCheckHealthRequest,
  WireCheckHealthResponse,
  WireCollectMetricsResponse,
  WireQueryDataRequest,
  WireQueryChunkedDataResponse,
  WireQueryDataResponse,
  WireServingStatus,
} from './messages.ts';
import { formatProcessMetrics, sampleProcess } from './processMetrics.ts';
import type { IpcFile } from './arrowIpcFile.ts';
import type { OutgoingFrame } from './queryDataEncoding.ts';
import { dispatchQueries } from './queryDispatch.ts';
import { SendBudget, sendBudgetInterceptor } from './sendBudget.ts';
import { scrubSecrets } from '../sdk/scrubSecrets.ts';
import {
  callSignal,
  flattenHeaders,
  requestSecrets,
  toDataQuery,
  toRequestContext,
  toResourceRequest,
} from './requestContext.ts';
import { SERVICE_NAMES, SERVICES } from './services.ts';

/**
 * The gRPC server Grafana talks to: pluginv2 Data, Diagnostics and Resource, plus go-plugin's
 * health and controller services. Bound to loopback only (the calls carry decrypted secrets).
 */
export interface PluginServer {
  /** What the handshake announces: a Unix socket path, or 127.0.0.1:port. */
  network: 'unix' | 'tcp';
  address: string;
  /** Graceful stop: in-flight calls get up to `graceMs`, then the server is forced down. */
  stop(graceMs?: number): Promise<void>;
}

export interface PluginServerOptions {
  handlers: PluginHandlers;
  log: Logger;
  /** Called after GRPCController.Shutdown has been answered. */
  onShutdown: () => void;
  /** Bounds the QueryData answers being sent; default SEND_BUDGET_BYTES. */
  sendBudget?: SendBudget;
}

/**
 * Bytes of QueryData answers being written to Grafana at once (see sendBudget.ts); with the
 * datasource's upstream limits this keeps the process under MEMORY_CEILING_MB.
 */
export const SEND_BUDGET_BYTES = 64 * 1024 * 1024;

/** The bulk of a QueryData answer: its frames and error texts. */
export function queryDataBytes(message: unknown): number {
  let bytes = 0;
  for (const response of Object.values((message as WireQueryDataResponse<OutgoingFrame>).responses)) {
    for (const frame of response.frames) bytes += frame.byteLength;
    bytes += response.error.length;
  }
  return bytes;
}

/** Resource bodies are streamed in chunks of this size (the first message also carries code and headers). */
export const RESOURCE_CHUNK_BYTES = 1 << 20;

export async function startPluginServer(options: PluginServerOptions): Promise<PluginServer> {
  const server = new Server({
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': -1,
    interceptors: [
      sendBudgetInterceptor(
        options.sendBudget ?? new SendBudget(SEND_BUDGET_BYTES),
        new Set([`/${SERVICE_NAMES.data}/QueryData`]),
        queryDataBytes
      ),
    ],
  });
  server.addService(SERVICES.data, dataService(options));
  server.addService(SERVICES.diagnostics, diagnosticsService(options));
  server.addService(SERVICES.resource, resourceService(options));
  server.addService(SERVICES.health, healthService());
  server.addService(SERVICES.controller, controllerService(options));
  const stdioStreams = new Set<ServerWritableStream<object, object>>();
  server.addService(SERVICES.stdio, stdioService(stdioStreams));
  const listen = await bindServer(server, options.log);
  const forget = () => removeSocket(listen.address);
  // The socket's directory goes with the process, however it ends (short of SIGKILL).
  process.once('exit', forget);
  return {
    ...handshakeAddress(listen.address, listen.port),
    stop: (graceMs = 1000) =>
      new Promise<void>((resolve) => {
        // The host's stdio stream stays open for the plugin's lifetime; end it so shutdown is quick.
        for (const stream of stdioStreams) stream.end();
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }).finally(forget),
  };
}

function bind(server: Server, target: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(target, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound)
    );
  });
}

/** A Unix socket where the platform has them, else (or when that fails) TCP on loopback. */
async function bindServer(server: Server, log: Logger): Promise<{ address: ListenAddress; port: number }> {
  if (process.platform !== 'win32') {
    let address: Extract<ListenAddress, { network: 'unix' }> | undefined;
    try {
      address = unixSocketAddress(process.env);
      const port = await bind(server, `unix:${address.path}`);
      shareWithGroup(address, process.env.PLUGIN_UNIX_SOCKET_GROUP);
      return { address, port };
    } catch (error) {
      if (address) removeSocket(address);
      log.warn('cannot listen on a Unix socket; falling back to TCP on 127.0.0.1', { error });
    }
  }
  const address: ListenAddress = { network: 'tcp', host: LOOPBACK };
  return { address, port: await bind(server, `${LOOPBACK}:0`) };
}

function dataService({ handlers, log }: PluginServerOptions): UntypedServiceImplementation {
  return {
    QueryData(
      call: ServerUnaryCall<WireQueryDataRequest, WireQueryDataResponse<IpcFile>>,
      callback: sendUnaryData<WireQueryDataResponse<IpcFile>>
    ) {
      const { signal, dispose } = callSignal(call);
      const request = call.request;
      const ctx = toRequestContext(request.pluginContext, request.headers, signal);
      const queries = request.queries.map(toDataQuery);
      const started = performance.now();
      dispatchQueries(handlers, ctx, queries, requestSecrets(ctx), log)
        .then((responses) => {
          callback(null, { responses });
          const failed = Object.values(responses).filter((r) => r.error !== '').length;
          log.debug('QueryData', {
            queries: queries.length,
            failed,
            fromAlert: ctx.fromAlert,
            ms: Math.round(performance.now() - started),
          });
        })
        .catch((error: unknown) => {
          // dispatchQueries answers every query itself; reaching here is a bug in the dispatcher.
          log.error('QueryData failed', { error });
          callback({ code: GrpcStatus.INTERNAL, details: 'internal plugin error' });
        })
        .finally(dispose);
    },
    /**
     * Answered as an SDK plugin without a chunked handler answers (the SDK's data adapter): one
     * message with status 501 Not Implemented, then the end of the stream, not a gRPC error.
     */
    QueryChunkedData(call: ServerWritableStream<object, WireQueryChunkedDataResponse>) {
      call.write({ refId: '', frameId: '', frame: Buffer.alloc(0), error: '', status: 501, errorSource: '' });
      call.end();
    },
  };
}

function diagnosticsService({ handlers, log }: PluginServerOptions): UntypedServiceImplementation {
  return {
    CheckHealth(
      call: ServerUnaryCall<WireCheckHealthRequest, WireCheckHealthResponse>,
      callback: sendUnaryData<WireCheckHealthResponse>
    ) {
      const { signal, dispose } = callSignal(call);
      const ctx = toRequestContext(call.request.pluginContext, call.request.headers, signal);
      const secrets = requestSecrets(ctx);
      Promise.resolve()
        .then(() => handlers.checkHealth(ctx))
        .then((result) => {
          const details = result.details;
          const detailsJson = details !== null && typeof details === 'object' && !Array.isArray(details);
          callback(null, {
            status: result.status === 'OK' || result.status === 'ERROR' ? result.status : 'UNKNOWN',
            message: scrubSecrets(String(result.message), secrets),
            // Grafana answers 500 unless jsonDetails is empty or a JSON object.
            jsonDetails: detailsJson ? Buffer.from(scrubSecrets(JSON.stringify(details), secrets)) : Buffer.alloc(0),
          });
        })
        .catch((error: unknown) => {
          log.error('CheckHealth handler failed', { error: scrubSecrets(String(error), secrets) });
          callback(null, {
            status: 'ERROR',
            message: scrubSecrets(
              `health check failed: ${error instanceof Error ? error.message : String(error)}`,
              secrets
            ),
            jsonDetails: Buffer.alloc(0),
          });
        })
        .finally(dispose);
    },
    CollectMetrics(
      _call: ServerUnaryCall<object, WireCollectMetricsResponse>,
      callback: sendUnaryData<WireCollectMetricsResponse>
    ) {
      callback(null, { metrics: { prometheus: Buffer.from(formatProcessMetrics(sampleProcess())) } });
    },
  };
}

function resourceService({ handlers, log }: PluginServerOptions): UntypedServiceImplementation {
  return {
    CallResource(call: ServerWritableStream<WireCallResourceRequest, WireCallResourceResponse>) {
      const { signal, dispose } = callSignal(call);
      const request = toResourceRequest(call.request);
      const ctx = toRequestContext(call.request.pluginContext, flattenHeaders(request.headers), signal);
      const secrets = requestSecrets(ctx);
      Promise.resolve()
        .then(() => handlers.callResource(ctx, request))
        .catch((error: unknown): ResourceResponse => {
          log.error('CallResource handler failed', { path: request.path, error: scrubSecrets(String(error), secrets) });
          return jsonResource(500, { error: 'internal plugin error' });
        })
        .then((response) => {
          for (const message of resourceMessages(response)) call.write(message);
          call.end();
        })
        .catch((error: unknown) => {
          log.error('CallResource could not answer', { path: request.path, error });
          call.destroy(error instanceof Error ? error : new Error(String(error)));
        })
        .finally(dispose);
    },
  };
}

/**
 * Frames a resource response as Grafana's flushStream reads it (protocol doc §4): the first
 * message always carries a real HTTP code and headers including Content-Type (Grafana otherwise
 * silently answers 200), the body follows in chunks.
 */
export function resourceMessages(
  response: ResourceResponse,
  chunkBytes = RESOURCE_CHUNK_BYTES
): WireCallResourceResponse[] {
  const code = isHttpStatus(response.status) ? response.status : 500;
  const headers: Record<string, { values: string[] }> = {};
  for (const [key, values] of Object.entries(response.headers ?? {}))
    headers[key] = { values: [...values].map(String) };
  if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = { values: ['application/json'] };
  }
  const body = response.body ?? new Uint8Array(0);
  const messages: WireCallResourceResponse[] = [{ code, headers, body: body.subarray(0, chunkBytes) }];
  for (let offset = chunkBytes; offset < body.length; offset += chunkBytes) {
    messages.push({ code: 0, headers: {}, body: body.subarray(offset, offset + chunkBytes) });
  }
  return messages;
}

/** grpc.health.v1: the whole server ("") and go-plugin's "plugin" entry, plus each service by name. */
function healthService(): UntypedServiceImplementation {
  const known = new Set<string>(['', 'plugin', ...Object.values(SERVICE_NAMES)]);
  return {
    Check(
      call: ServerUnaryCall<{ service: string }, { status: WireServingStatus }>,
      callback: sendUnaryData<{ status: WireServingStatus }>
    ) {
      if (known.has(call.request.service)) callback(null, { status: 'SERVING' });
      else callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service ${call.request.service}` });
    },
  };
}

/**
 * go-plugin's stdio forwarding: the host opens one stream on connect. Our stdout is reserved for
 * the handshake and our logs already reach the host on stderr, so the stream just stays open
 * (as in go-plugin's Python example) and carries nothing.
 */
function stdioService(streams: Set<ServerWritableStream<object, object>>): UntypedServiceImplementation {
  return {
    StreamStdio(call: ServerWritableStream<object, object>) {
      streams.add(call);
      const forget = () => streams.delete(call);
      call.on('cancelled', forget);
      call.on('finish', forget);
      call.on('error', forget);
    },
  };
}

function controllerService({ log, onShutdown }: PluginServerOptions): UntypedServiceImplementation {
  return {
    Shutdown(_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) {
      log.debug('shutdown requested by the host');
      callback(null, {});
      setImmediate(onShutdown);
    },
  };
}
