import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  type CallOptions,
  type Client,
  credentials,
  makeGenericClientConstructor,
  type Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { WORKSPACE } from '../../backend/build/paths.ts';
import { GRAFANA_LAUNCH_ENV, type Handshake, parseHandshakeLine } from '../../backend/src/protocol/handshake.ts';
import type {
  WireCallResourceResponse,
  WireCheckHealthResponse,
  WireCollectMetricsResponse,
  WireDataResponse,
  WirePluginContext,
  WireQueryDataResponse,
  WireServingStatus,
} from '../../backend/src/protocol/messages.ts';
import { SERVICES } from '../../backend/src/protocol/services.ts';
import { ensureBuilt } from './build.ts';
import { type DecodedFrame, decodeFrame } from './frameRules.ts';

export interface LaunchOptions {
  /** 'sea' (default): the built executable, rebuilt when stale; 'script': `node backend/src/main.ts`. */
  mode?: 'sea' | 'script';
  /** Extra environment; `undefined` removes a variable (e.g. the magic cookie). */
  env?: Record<string, string | undefined>;
  /** Milliseconds to wait for the handshake line (go-plugin waits 60 s). */
  handshakeTimeoutMs?: number;
  /**
   * The client's HTTP/2 receive window. grpc-js keeps 64 KiB unless told; grpc-go, which Grafana
   * uses, grows its window by BDP estimation up to 16 MiB (`bdpLimit`). Benchmarks of large
   * answers pass GRPC_GO_MAX_WINDOW so the transfer costs what it costs Grafana.
   */
  receiveWindowBytes?: number;
}

/** grpc-go's `bdpLimit`: the largest flow-control window its BDP estimator sets. */
export const GRPC_GO_MAX_WINDOW = 16 * 1024 * 1024;

/** Datasource instance settings as a user configures them in Grafana. */
export interface HarnessSettings {
  url: string;
  uid?: string;
  name?: string;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
  basicAuthEnabled?: boolean;
  basicAuthUser?: string;
}

export interface HarnessQuery {
  refId: string;
  queryType?: string;
  /** The query model: an object (refId/queryType added like Grafana's frontend does) or raw JSON text. */
  json?: Record<string, unknown> | string;
  timeRange?: { fromMs: number; toMs: number };
  maxDataPoints?: number;
  intervalMs?: number;
}

export interface RequestOptions {
  settings?: HarnessSettings;
  headers?: Record<string, string>;
  /** Send it as Grafana's alert evaluator does: `FromAlert: true`, no user, 43200 points at 1 s. */
  fromAlert?: boolean;
  /** gRPC deadline in ms from now. */
  deadlineMs?: number;
}

export interface QueryResult {
  status: number;
  error: string;
  errorSource: string;
  /** Every frame decoded and checked against Grafana's decoding rules. */
  frames: DecodedFrame[];
}

export interface HealthResult {
  status: WireCheckHealthResponse['status'];
  message: string;
  /** jsonDetails parsed; Grafana requires a JSON object (or nothing). */
  details: Record<string, unknown> | undefined;
}

export interface ResourceResult {
  status: number;
  headers: Record<string, string[]>;
  body: Buffer;
  /** The raw stream, for framing checks. */
  messages: WireCallResourceResponse[];
}

export interface PluginUnderTest {
  handshake: Handshake;
  handshakeLine: string;
  /** Milliseconds from spawn to the handshake line. */
  startupMs: number;
  child: ChildProcess;
  data: Client;
  diagnostics: Client;
  resource: Client;
  health: Client;
  controller: Client;
  stdio: Client;
  queryData(queries: readonly HarnessQuery[], options?: RequestOptions): Promise<Record<string, QueryResult>>;
  queryDataRaw(queries: readonly HarnessQuery[], options?: RequestOptions): Promise<WireQueryDataResponse>;
  checkHealth(settings?: HarnessSettings, headers?: Record<string, string>): Promise<HealthResult>;
  collectMetrics(): Promise<string>;
  callResource(
    path: string,
    settings?: HarnessSettings,
    request?: { method?: string; body?: string | Uint8Array; headers?: Record<string, string[]>; url?: string }
  ): Promise<ResourceResult>;
  healthCheck(service?: string): Promise<WireServingStatus>;
  stderrLines(): string[];
  /** stdout lines after the handshake (go-plugin discards them; there should be none). */
  stdoutLines(): string[];
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What go-plugin's Kill does: Shutdown RPC, wait up to 2 s, else SIGKILL (and report it). */
  shutdown(): Promise<{ code: number | null; signal: NodeJS.Signals | null; forced: boolean }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Each running plugin and, once its handshake names it, its socket directory. */
const running = new Map<ChildProcess, string | undefined>();
process.once('exit', () => {
  for (const [child, socketDir] of running) {
    child.kill('SIGKILL');
    removeSocketDir(socketDir);
  }
});

/**
 * The plugin removes its socket directory when it exits, but a plugin killed by a signal
 * (SIGKILL, a crash) cannot: the harness removes it then. Only a directory the plugin makes
 * (`sieve-plugin-*`), never whatever directory a broken handshake names.
 */
function removeSocketDir(dir: string | undefined): void {
  if (dir !== undefined && basename(dir).startsWith('sieve-plugin-')) rmSync(dir, { recursive: true, force: true });
}

/** The socket directory the handshake names; undefined for TCP. */
function socketDirOf(handshake: Handshake): string | undefined {
  return handshake.network === 'unix' ? dirname(handshake.address) : undefined;
}

/** The environment Grafana gives a plugin (protocol doc §1.3): its own env plus go-plugin's and GF_* variables. */
export function grafanaEnvironment(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...GRAFANA_LAUNCH_ENV,
    GF_VERSION: '12.3.0',
    GF_EDITION: 'Open Source',
    GF_INSTANCE_FEATURE_TOGGLES_ENABLE: '',
    GF_PLUGIN_VERSION: '0.1.0',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The gRPC target for the handshake's address: `unix:<path>` or `host:port`. */
export function grpcTarget(handshake: Handshake): string {
  return handshake.network === 'unix' ? `unix:${handshake.address}` : handshake.address;
}

/** Requests carry decrypted secrets: an owner-only socket directory, or TCP on 127.0.0.1 only. */
function listenProblem(handshake: Handshake): string | undefined {
  if (handshake.network === 'tcp') {
    return /^127\.0\.0\.1:\d+$/.test(handshake.address)
      ? undefined
      : `plugin must listen on 127.0.0.1 only, handshake says ${handshake.address}`;
  }
  const mode = statSync(dirname(handshake.address), { throwIfNoEntry: false })?.mode;
  if (mode === undefined) return `no socket directory for ${handshake.address}`;
  if ((mode & 0o077) !== 0 && process.env.PLUGIN_UNIX_SOCKET_GROUP === undefined) {
    return `socket directory ${dirname(handshake.address)} has mode ${(mode & 0o777).toString(8)}, want owner-only`;
  }
  return undefined;
}

/** The command Grafana would exec. */
export async function pluginCommand(mode: 'sea' | 'script' = 'sea'): Promise<[string, string[]]> {
  // As in development: workspace packages resolve to their TypeScript sources.
  if (mode === 'script')
    return [process.execPath, ['--conditions=sieve-source', join(WORKSPACE, 'backend', 'src', 'main.ts')]];
  return [await ensureBuilt(), []];
}

/** Launches the plugin exactly as Grafana does and connects gRPC clients to it. */
export async function launchPlugin(options: LaunchOptions = {}): Promise<PluginUnderTest> {
  const [command, args] = await pluginCommand(options.mode);
  const started = performance.now();
  // Grafana runs plugins with its own working directory and stdin, never the plugin folder.
  const child = spawn(command, args, {
    cwd: '/',
    env: grafanaEnvironment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.set(child, undefined);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      const socketDir = running.get(child);
      running.delete(child);
      if (signal !== null) removeSocketDir(socketDir);
      resolve({ code, signal });
    })
  );
  const stderr: string[] = [];
  const stdout: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const stdoutReader = createInterface({ input: child.stdout! });

  const handshakeLine = await new Promise<string>((resolve, reject) => {
    let first = true;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no handshake within ${options.handshakeTimeoutMs ?? 10_000} ms\n${stderr.join('\n')}`));
    }, options.handshakeTimeoutMs ?? 10_000);
    stdoutReader.on('line', (line) => {
      if (first) {
        first = false;
        clearTimeout(timer);
        resolve(line);
      } else stdout.push(line);
    });
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      // Let stderr drain so the rejection carries the plugin's message.
      setTimeout(
        () => reject(new Error(`plugin exited (${code ?? signal}) before the handshake\n${stderr.join('\n')}`)),
        50
      );
    });
  });
  const startupMs = performance.now() - started;
  const handshake = parseHandshakeLine(handshakeLine);
  if (running.has(child)) running.set(child, socketDirOf(handshake));
  else if (child.signalCode !== null) removeSocketDir(socketDirOf(handshake)); // killed meanwhile
  const problem = listenProblem(handshake);
  if (problem !== undefined) {
    child.kill('SIGKILL');
    throw new Error(problem);
  }

  const connect = (name: keyof typeof SERVICES) =>
    new (makeGenericClientConstructor(SERVICES[name], name))(grpcTarget(handshake), credentials.createInsecure(), {
      'grpc.max_receive_message_length': -1,
      ...(options.receiveWindowBytes === undefined
        ? {}
        : { 'grpc-node.flow_control_window': options.receiveWindowBytes }),
    });
  const clients = {
    data: connect('data'),
    diagnostics: connect('diagnostics'),
    resource: connect('resource'),
    health: connect('health'),
    controller: connect('controller'),
    stdio: connect('stdio'),
  };
  // Like go-plugin on connect: open the stdio stream and keep it for the plugin's lifetime.
  const stdioStream = (
    clients.stdio as unknown as Record<string, (req: object) => NodeJS.EventEmitter & { cancel(): void }>
  ).StreamStdio!.call(clients.stdio, {});
  stdioStream.on('error', () => undefined); // ends with the plugin; go-plugin tolerates that
  stdioStream.on('data', () => undefined);
  const closeClients = () => {
    stdioStream.cancel();
    Object.values(clients).forEach((c) => c.close());
  };
  void exit.then(closeClients);

  const plugin: PluginUnderTest = {
    handshake,
    handshakeLine,
    startupMs,
    child,
    ...clients,
    queryDataRaw: (queries, opts = {}) =>
      unary<WireQueryDataResponse>(clients.data, 'QueryData', queryDataRequest(queries, opts), opts.deadlineMs),
    async queryData(queries, opts = {}) {
      const raw = await plugin.queryDataRaw(queries, opts);
      return decodeResponses(raw);
    },
    async checkHealth(settings, headers = {}) {
      const res = await unary<WireCheckHealthResponse>(clients.diagnostics, 'CheckHealth', {
        pluginContext: pluginContext(settings, false),
        headers,
      });
      const text = Buffer.from(res.jsonDetails).toString('utf8');
      let details: Record<string, unknown> | undefined;
      if (text !== '') {
        const parsed: unknown = JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          throw new Error(`CheckHealth jsonDetails must be a JSON object (Grafana answers 500 otherwise): ${text}`);
        }
        details = parsed as Record<string, unknown>;
      }
      return { status: res.status, message: res.message, details };
    },
    async collectMetrics() {
      const res = await unary<WireCollectMetricsResponse>(clients.diagnostics, 'CollectMetrics', {
        pluginContext: pluginContext(undefined, false),
      });
      return Buffer.from(res.metrics.prometheus).toString('utf8');
    },
    async callResource(path, settings, request = {}) {
      const body = typeof request.body === 'string' ? Buffer.from(request.body) : (request.body ?? Buffer.alloc(0));
      const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, { values: v }]));
      const messages = await serverStream<WireCallResourceResponse>(clients.resource, 'CallResource', {
        pluginContext: pluginContext(settings, false),
        path,
        method: request.method ?? 'GET',
        url: request.url ?? `/api/datasources/uid/${settings?.uid ?? 'sieve'}/resources/${path}`,
        headers,
        body,
      });
      return resourceResult(messages);
    },
    async healthCheck(service = 'plugin') {
      const res = await unary<{ status: WireServingStatus }>(clients.health, 'Check', { service });
      return res.status;
    },
    stderrLines: () => [...stderr],
    stdoutLines: () => [...stdout],
    exited: () => exit,
    async shutdown() {
      await unary<object>(clients.controller, 'Shutdown', {}).catch(() => undefined); // go-plugin ignores its error
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 2000)));
      const result = await Promise.race([exit, timeout]);
      clearTimeout(timer);
      if (result !== 'timeout') return { ...result, forced: false };
      child.kill('SIGKILL');
      return { ...(await exit), forced: true };
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exit;
    },
  };
  return plugin;
}

function pluginContext(settings: HarnessSettings | undefined, fromAlert: boolean): Partial<WirePluginContext> & object {
  return {
    orgId: 1,
    pluginId: 'sieve-datamining-datasource',
    user: fromAlert ? null : { login: 'admin', name: 'Admin', email: 'admin@example.com', role: 'Admin' },
    dataSourceInstanceSettings:
      settings === undefined
        ? null
        : {
            id: 1,
            uid: settings.uid ?? 'sieve',
            name: settings.name ?? 'Sieve',
            url: settings.url,
            user: '',
            database: '',
            basicAuthEnabled: settings.basicAuthEnabled ?? false,
            basicAuthUser: settings.basicAuthUser ?? '',
            jsonData: Buffer.from(JSON.stringify(settings.jsonData ?? {})),
            decryptedSecureJsonData: settings.secureJsonData ?? {},
            lastUpdatedMS: Date.now(),
            apiVersion: '',
          },
    grafanaConfig: { GF_CONCURRENT_QUERY_COUNT: '10' },
    pluginVersion: '0.1.0',
    userAgent: 'Grafana/12.3.0 (linux; amd64)',
  };
}

function queryDataRequest(queries: readonly HarnessQuery[], opts: RequestOptions): object {
  const now = Date.now();
  const alert = opts.fromAlert === true;
  return {
    pluginContext: pluginContext(opts.settings, alert),
    headers: {
      ...(alert ? { FromAlert: 'true', 'X-Rule-Uid': 'harness-rule', 'X-Grafana-Org-Id': '1' } : {}),
      ...opts.headers,
    },
    queries: queries.map((q) => ({
      refId: q.refId,
      queryType: q.queryType ?? '',
      maxDataPoints: q.maxDataPoints ?? (alert ? 43200 : 1000),
      intervalMS: q.intervalMs ?? (alert ? 1000 : 15_000),
      timeRange: { fromEpochMS: q.timeRange?.fromMs ?? now - 3_600_000, toEpochMS: q.timeRange?.toMs ?? now },
      json: Buffer.from(
        typeof q.json === 'string' ? q.json : JSON.stringify({ refId: q.refId, queryType: q.queryType, ...q.json })
      ),
    })),
    format: 'ARROW',
  };
}

/** Decodes each refId's frames, checking Grafana's rules plus status/error consistency (§4, §10.8). */
export function decodeResponses(raw: WireQueryDataResponse): Record<string, QueryResult> {
  // Null prototype: a refId such as `__proto__` is a key like any other.
  const out = Object.create(null) as Record<string, QueryResult>;
  for (const [refId, response] of Object.entries(raw.responses)) out[refId] = decodeResponse(refId, response);
  return out;
}

function decodeResponse(refId: string, response: WireDataResponse): QueryResult {
  if (response.status < 100 || response.status > 599) {
    throw new Error(`refId ${refId}: status ${response.status} is not an HTTP status (Grafana maps 0 to 500)`);
  }
  if (response.error === '' && response.status !== 200)
    throw new Error(`refId ${refId}: no error but status ${response.status}`);
  if (response.error !== '') {
    if (response.status < 400)
      throw new Error(`refId ${refId}: error ${JSON.stringify(response.error)} with status ${response.status}`);
    if (response.errorSource !== 'plugin' && response.errorSource !== 'downstream') {
      throw new Error(`refId ${refId}: errorSource ${JSON.stringify(response.errorSource)}, want plugin or downstream`);
    }
  }
  const frames = response.frames.map((bytes, i) => {
    try {
      return decodeFrame(bytes);
    } catch (error) {
      throw new Error(`refId ${refId} frame ${i}: ${(error as Error).message}`, { cause: error });
    }
  });
  for (const frame of frames) {
    if (frame.refId !== refId)
      throw new Error(
        `refId ${refId}: frame ${JSON.stringify(frame.name)} carries refId ${JSON.stringify(frame.refId)}`
      );
  }
  return { status: response.status, error: response.error, errorSource: response.errorSource, frames };
}

function resourceResult(messages: WireCallResourceResponse[]): ResourceResult {
  const first = messages[0];
  if (first === undefined) throw new Error('CallResource: no messages (Grafana: "received empty resource response")');
  if (first.code < 100 || first.code > 599)
    throw new Error(`CallResource: first message code ${first.code} is not an HTTP status`);
  const headers = Object.fromEntries(Object.entries(first.headers).map(([k, v]) => [k, v.values]));
  if (Object.keys(headers).length === 0)
    throw new Error('CallResource: first message without headers (Grafana would answer 200)');
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
    throw new Error('CallResource: no Content-Type header');
  return { status: first.code, headers, body: Buffer.concat(messages.map((m) => Buffer.from(m.body))), messages };
}

type UnaryMethod = (
  request: object,
  metadata: Metadata | CallOptions,
  options: CallOptions | ((e: ServiceError | null, r: unknown) => void),
  callback?: (e: ServiceError | null, r: unknown) => void
) => unknown;

function unary<T>(client: Client, method: string, request: object, deadlineMs?: number): Promise<T> {
  const fn = (client as unknown as Record<string, UnaryMethod>)[method]!.bind(client);
  const options: CallOptions = deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs };
  return new Promise<T>((resolve, reject) => {
    fn(request, options, (error: ServiceError | null, response: unknown) =>
      error ? reject(error) : resolve(response as T)
    );
  });
}

function serverStream<T>(client: Client, method: string, request: object): Promise<T[]> {
  const fn = (client as unknown as Record<string, (req: object) => NodeJS.EventEmitter>)[method]!.bind(client);
  return new Promise<T[]>((resolve, reject) => {
    const messages: T[] = [];
    const stream = fn(request);
    stream.on('data', (m: T) => messages.push(m));
    stream.on('error', reject);
    stream.on('end', () => resolve(messages));
  });
}
