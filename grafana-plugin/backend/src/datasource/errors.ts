import type { DataResponse } from '../sdk/index.ts';

/**
 * The failures a query can end in, each with the HTTP-style status and error source Grafana shows.
 * Validation errors are ours (400, `plugin`), as are our limits (413 too large, 503 overloaded);
 * everything about the Prometheus-compatible upstream is `downstream` (502, or 504 for a timeout).
 */

/** The user's query or the datasource settings are invalid. The message names the field. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

export type UpstreamFailure =
  | 'unauthorised' // 401 or 403: credentials missing or wrong
  | 'client' // any other 4xx, e.g. a PromQL syntax error
  | 'server' // 5xx
  | 'garbage' // a body that is not the Prometheus API envelope
  | 'timeout' // no answer within the datasource timeout
  | 'unreachable' // connection refused, DNS failure, reset
  | 'tls' // TLS handshake failed: certificate not trusted, wrong host name, client certificate
  | 'cancelled' // Grafana cancelled the request, or its deadline passed
  | 'too-large' // the answer exceeds the plugin's byte limit (limits.ts)
  | 'overloaded'; // too many upstream requests waiting: shed rather than held

/** The Prometheus-compatible upstream failed; `message` is already free of secrets. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly failure: UpstreamFailure;
  /** The upstream HTTP status, when there was one. */
  readonly httpStatus: number | undefined;

  constructor(failure: UpstreamFailure, message: string, httpStatus?: number) {
    super(message);
    this.failure = failure;
    this.httpStatus = httpStatus;
  }
}

/** Maps any thrown value to a per-query error response; nothing escapes `queryData`. */
export function errorResponse(error: unknown): DataResponse {
  if (error instanceof ValidationError) return { error: error.message, status: 400, errorSource: 'plugin' };
  if (error instanceof UpstreamError) {
    // Our own limits are the plugin's doing; everything else is about the upstream.
    if (error.failure === 'too-large') return { error: error.message, status: 413, errorSource: 'plugin' };
    if (error.failure === 'overloaded') return { error: error.message, status: 503, errorSource: 'plugin' };
    const status = error.failure === 'timeout' || error.failure === 'cancelled' ? 504 : 502;
    return { error: error.message, status, errorSource: 'downstream' };
  }
  // A bug of ours: say so without echoing internals that might carry request data.
  const detail = error instanceof Error ? error.message : String(error);
  return { error: `internal error: ${detail}`, status: 500, errorSource: 'plugin' };
}
