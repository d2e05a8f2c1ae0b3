import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, type ScriptedUpstream, startUpstream } from '../upstream/scriptedUpstream.ts';

/**
 * One upstream that fails in every way the plugin must survive, chosen by the first path segment
 * of the datasource URL (`http://127.0.0.1:PORT/<fault>`), each with the answer a query must get.
 */
export const FAULTS = {
  unauthorised: { status: 502, error: /unauthorised \(HTTP 401\)/ },
  'server-error': { status: 502, error: /HTTP 503/ },
  'bad-request': { status: 502, error: /HTTP 400: bad_data/ },
  garbage: { status: 502, error: /not a Prometheus API response/ },
  'wrong-shape': { status: 502, error: /unexpected response shape/ },
  truncated: { status: 502, error: /not a Prometheus API response/ },
  reset: { status: 502, error: /cannot reach/ },
  stall: { status: 504, error: /\(timeout\)/ },
  huge: { status: 413, error: /limit per upstream answer; narrow the query/ },
  'redirect-loop': { status: 502, error: /stopped after 5 redirects/ },
  echo: { status: 502, error: /\[redacted\]/ },
} as const;

export type Fault = keyof typeof FAULTS;

/** Writes an endless valid-looking matrix until `bytes` are sent or the client leaves. */
function hugeMatrix(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"status":"success","data":{"resultType":"matrix","result":[');
  const values = Array.from({ length: 5000 }, (_, i) => `[${1_700_000_000 + i},"${i}.5"]`).join(',');
  let sent = 0;
  let n = 0;
  const more = () => {
    while (sent < bytes && !res.destroyed) {
      const series = `${n ? ',' : ''}{"metric":{"feature":"f${n++}","le":"1"},"values":[${values}]}`;
      sent += series.length;
      if (!res.write(series)) return void res.once('drain', more);
    }
    if (!res.destroyed) res.end(']}}');
  };
  more();
}

export function startFaultUpstream(hugeBytes = 200 * 1024 * 1024): Promise<ScriptedUpstream> {
  return startUpstream((req: IncomingMessage, res: ServerResponse) => {
    const fault = (req.url ?? '').split('/')[1] as Fault;
    switch (fault) {
      case 'unauthorised':
        return json(res, 401, { status: 'error', error: 'authentication required' });
      case 'server-error':
        return json(res, 503, { status: 'error', errorType: 'unavailable', error: 'ingesters are down' });
      case 'bad-request':
        return json(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error' });
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html>Welcome to nginx!</html>');
      case 'wrong-shape':
        return json(res, 200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: 1 }] } });
      case 'truncated':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"val');
      case 'reset':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"status":"success","data":{"resultType":"matrix","result":[');
        return void setTimeout(() => req.socket.destroy(), 20);
      case 'stall':
        return; // never answers
      case 'huge':
        return hugeMatrix(res, hugeBytes);
      case 'redirect-loop':
        return void res.writeHead(302, { location: req.url ?? '/' }).end();
      case 'echo': {
        const headers = JSON.stringify(req.headers);
        return json(res, 502, {
          status: 'error',
          error: `${encodeURIComponent(headers)} ${Buffer.from(headers).toString('base64')}`,
        });
      }
      default:
        return json(res, 404, { status: 'error', error: `no fault ${fault}` });
    }
  });
}
