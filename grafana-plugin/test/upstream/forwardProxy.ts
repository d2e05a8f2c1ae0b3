import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { listenLoopback } from '@sieve/testkit';

/**
 * A real HTTP forward proxy on loopback, as an egress proxy in front of Grafana would be: it
 * forwards absolute-form requests (`GET http://host:port/path`) and tunnels CONNECT. Host names
 * under `.sieve.test` resolve to 127.0.0.1 here and nowhere else, so a request that reaches such
 * an upstream must have gone through the proxy.
 */
export interface ForwardProxy {
  url: string;
  /** Every request seen: method, target, and the Proxy-Authorization header. */
  seen: Array<{ method: string; target: string; proxyAuthorization?: string }>;
  close(): Promise<void>;
}

export const PROXY_ONLY_DOMAIN = 'sieve.test';

function resolve(host: string): string {
  return host === PROXY_ONLY_DOMAIN || host.endsWith(`.${PROXY_ONLY_DOMAIN}`) ? '127.0.0.1' : host;
}

function hopHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out = { ...headers };
  delete out['proxy-authorization'];
  delete out['proxy-connection'];
  return out;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: ForwardProxy['seen'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      target: req.url ?? '',
      proxyAuthorization: req.headers['proxy-authorization'],
    });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    const upstream = request(
      {
        host: resolve(target.hostname),
        port: target.port || 80,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: hopHeaders(req.headers),
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }
    );
    upstream.on('error', () => res.writeHead(502).end('proxy: upstream unreachable'));
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':') as [string, string];
    const upstream = connect(Number(port), resolve(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => [client, upstream].forEach((x) => x.destroy()));
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
