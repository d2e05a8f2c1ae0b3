import type { DataQuery, DataResponse, QueryDataHandler, RequestContext } from '../sdk/index.ts';
import { encodeFrames } from './arrowFrames.ts';
import { isHttpStatus } from './httpStatus.ts';
import type { Logger } from './logger.ts';
import type { WireDataResponse } from './messages.ts';
import { scrubSecrets } from '../sdk/scrubSecrets.ts';

/**
 * Runs every query of one QueryData request concurrently and independently: a query that throws,
 * returns garbage or hangs past the call's deadline gets its own error response, and never
 * touches the others (protocol doc §10.8, §7.2: Grafana reads each refId on its own).
 */
export async function dispatchQueries(
  handler: QueryDataHandler,
  ctx: RequestContext,
  queries: readonly DataQuery[],
  secrets: readonly string[],
  log: Logger
): Promise<Record<string, WireDataResponse>> {
  const results = await Promise.all(queries.map((q) => runQuery(handler, ctx, q, secrets, log)));
  const responses: Record<string, WireDataResponse> = {};
  queries.forEach((q, i) => {
    responses[q.refId] = results[i]!;
  });
  return responses;
}

async function runQuery(
  handler: QueryDataHandler,
  ctx: RequestContext,
  query: DataQuery,
  secrets: readonly string[],
  log: Logger
): Promise<WireDataResponse> {
  try {
    const response = await untilAborted(
      Promise.resolve().then(() => handler.queryData(ctx, query)),
      ctx.signal
    );
    return toWireResponse(response, query.refId, secrets);
  } catch (error) {
    if (ctx.signal.aborted) {
      return failure(`query ${query.refId}: ${reasonText(ctx.signal.reason)}`, 504, 'downstream', secrets);
    }
    log.error('query handler failed', {
      refId: query.refId,
      queryType: query.queryType,
      error: scrubError(error, secrets),
    });
    return failure(`query ${query.refId}: internal plugin error: ${messageOf(error)}`, 500, 'plugin', secrets);
  }
}

/** Validates a handler's answer and encodes its frames; anything malformed becomes a plugin error. */
export function toWireResponse(
  response: DataResponse,
  refId: string,
  secrets: readonly string[] = []
): WireDataResponse {
  if (response === null || typeof response !== 'object') {
    return failure(`query ${refId}: the datasource returned no response`, 500, 'plugin', secrets);
  }
  if ('error' in response) {
    const status = isHttpStatus(response.status) && response.status >= 400 ? response.status : 500;
    const source = response.errorSource === 'downstream' ? 'downstream' : 'plugin';
    return failure(String(response.error), status, source, secrets);
  }
  if (!Array.isArray(response.frames)) {
    return failure(`query ${refId}: the datasource returned no frames array`, 500, 'plugin', secrets);
  }
  try {
    const frames = encodeFrames(response.frames.map((frame) => ({ ...frame, refId })));
    return { frames, error: '', status: 200, errorSource: '' };
  } catch (error) {
    return failure(`query ${refId}: invalid data frame: ${messageOf(error)}`, 500, 'plugin', secrets);
  }
}

function failure(
  error: string,
  status: number,
  errorSource: 'plugin' | 'downstream',
  secrets: readonly string[]
): WireDataResponse {
  return { frames: [], error: scrubSecrets(error === '' ? 'unknown error' : error, secrets), status, errorSource };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      }
    );
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : 'the request was cancelled';
}

function scrubError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return scrubSecrets(String(error), secrets);
  return {
    name: error.name,
    message: scrubSecrets(error.message, secrets),
    stack: scrubSecrets(error.stack ?? '', secrets),
  };
}
