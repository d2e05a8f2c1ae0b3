import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { listenLoopback } from '@sieve/testkit';
import { emptyAnswer } from '../upstream/scriptedUpstream.ts';

/**
 * A Prometheus-compatible HTTPS endpoint on loopback (empty answers), with a certificate from the
 * test PKI; with `clientCa` it requires a client certificate issued by that CA, as an mTLS gateway
 * in front of Mimir does.
 */
export interface HttpsUpstream {
  port: number;
  /** Subject CN of the client certificate of each request, or '' without one. */
  clients: string[];
  close(): Promise<void>;
}

export async function startHttpsUpstream(options: {
  cert: string;
  key: string;
  clientCa?: string;
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}): Promise<HttpsUpstream> {
  const clients: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(
    {
      cert: options.cert,
      key: options.key,
      maxVersion: options.maxVersion ?? 'TLSv1.3',
      ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      clients.push(peer && 'subject' in peer && peer.subject ? String(peer.subject.CN) : '');
      emptyAnswer(req, res);
    }
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenLoopback(server);
  return {
    port,
    clients,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
