import { createServer, type Server } from 'node:http';
import { listenLoopback } from './listenLoopback.ts';
import { waitFor, type WaitOptions } from './waitFor.ts';

/** One alert in an Alertmanager webhook notification (payload version "4"). */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** Alertmanager's webhook payload, version "4" (newer releases add fields; they are kept). */
export interface WebhookPayload {
  version: string;
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
}

export interface WebhookNotification {
  /** The request path, e.g. `/page`: one path per receiver keeps them apart. */
  path: string;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  payload: WebhookPayload;
}

export interface WebhookReceiver {
  /** Base URL; append a path per receiver (`${url}/page`). */
  readonly url: string;
  /** Every notification so far, in arrival order. */
  readonly notifications: readonly WebhookNotification[];
  /** Resolves with the first notification (past or future) that `match` accepts. */
  waitFor(match: (n: WebhookNotification) => boolean, options?: WaitOptions): Promise<WebhookNotification>;
  stop(): Promise<void>;
}

export interface WebhookReceiverOptions {
  /** Listen here instead of a free loopback port (`npm start` and docker compose use a fixed one). */
  listen?: { host: string; port: number };
  /** Called for each notification as it arrives (the stack prints pages and tickets). */
  onNotification?: (n: WebhookNotification) => void;
}

/** An HTTP server that records Alertmanager webhook notifications (tests, game days, the stack's receiver). */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const notifications: WebhookNotification[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const receivedAt = Date.now();
      try {
        const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload;
        const n = { path: req.url ?? '/', receivedAt, payload };
        notifications.push(n);
        res.writeHead(200).end();
        options.onNotification?.(n);
      } catch {
        res.writeHead(400).end('not JSON');
      }
    });
  });
  const { listen } = options;
  const port = listen ? await listenOn(server, listen.host, listen.port) : await listenLoopback(server);
  const host = !listen || listen.host === '0.0.0.0' ? '127.0.0.1' : listen.host;
  return {
    url: `http://${host}:${port}`,
    notifications,
    waitFor: (match, options = {}) =>
      waitFor(() => notifications.find(match), { intervalMs: 50, what: 'a webhook notification', ...options }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(port));
  });
}
