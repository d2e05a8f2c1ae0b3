import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenLoopback } from '@sieve/testkit';

/**
 * An HTTP server on loopback that answers as `handle` says: a hostile or failing upstream for the
 * datasource, which itself runs for real. Records every request.
 */
export interface ScriptedUpstream {
  url: string;
  port: number;
  seen: IncomingMessage[];
  /** Requests whose connection the client closed before the answer was complete. */
  abandoned(): number;
  close(): Promise<void>;
}

export async function startUpstream(
  handle: (req: IncomingMessage, res: ServerResponse) => void
): Promise<ScriptedUpstream> {
  const seen: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  let abandoned = 0;
  const server = createServer((req, res) => {
    seen.push(req);
    res.on('close', () => {
      if (!res.writableFinished) abandoned++;
    });
    handle(req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    abandoned: () => abandoned,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** An empty successful answer for any API path (matrix for ranges, vector for instants, list for labels). */
export function emptyAnswer(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  if (url.includes('/label/')) return json(res, 200, { status: 'success', data: [] });
  if (url.includes('/query_range'))
    return json(res, 200, { status: 'success', data: { resultType: 'matrix', result: [] } });
  return json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } });
}
