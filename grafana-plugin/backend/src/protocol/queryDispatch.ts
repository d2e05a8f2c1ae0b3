import type { DataFrame, DataQuery, DataResponse, QueryDataHandler, RequestContext } from '../sdk/index.ts';
import { encodeFrames } from './arrowFrames.ts';
import type { IpcFile } from './arrowIpcFile.ts';
import { isHttpStatus } from './httpStatus.ts';
import type { Logger } from './logger.ts';
import type { WireDataResponse } from './messages.ts';
import { scrubSecrets } from '../sdk/scrubSecrets.ts';

/** One query's answer as sent: frames as Arrow IPC files in parts, copied once into the message. */
export type OutgoingDataResponse = WireDataResponse<IpcFile>;

/** Encoded frames of one query; larger answers become an error that says how to narrow the query. */
export const QUERY_RESPONSE_BYTES = 32 * 1024 * 1024;
/**
 * Encoded frames of all queries of one QueryData answer. gRPC clients refuse messages past their
 * limit (commonly 64 MiB) and Grafana holds the whole answer in memory, so the largest answers
 * are replaced by errors until the rest fits.
 */
export const DATA_RESPONSE_BYTES = 48 * 1024 * 1024;
const NARROW =
  'narrow the query: a shorter time range, a larger step (or a lower "Max data points"), or fewer features or series';

/**
 * Runs every query of one QueryData request concurrently and independently: a query that throws,
 * returns garbage or hangs past the call's deadline gets its own error response, and never
 * touches the others (protocol doc §10.8, §7.2: Grafana reads each refId on its own).
 *
 * Answers are keyed by refId in a null-prototype map (a refId such as `__proto__` is a key like
 * any other). Grafana's answer holds one response per refId, so queries that share a refId
 * cannot each be answered: that refId gets a 400 naming the problem, the others run as usual.
 */
export async function dispatchQueries(
  handler: QueryDataHandler,
  ctx: RequestContext,
  queries: readonly DataQuery[],
  secrets: readonly string[],
  log: Logger
): Promise<Record<string, OutgoingDataResponse>> {
  const counts = new Map<string, number>();
  for (const q of queries) counts.set(q.refId, (counts.get(q.refId) ?? 0) + 1);
  const unique = queries.filter((q) => counts.get(q.refId) === 1);
  const results = await Promise.all(unique.map((q) => runQuery(handler, ctx, q, secrets, log)));
  const responses = Object.create(null) as Record<string, OutgoingDataResponse>;
  unique.forEach((q, i) => {
    responses[q.refId] = results[i]!;
  });
  for (const [refId, n] of counts) {
    if (n > 1) {
      responses[refId] = failure(
        `query ${refId}: ${n} queries share refId "${refId}"; give each query its own refId`,
        400,
        'plugin',
        secrets
      );
    }
  }
  return capTotalBytes(responses, DATA_RESPONSE_BYTES);
}

function frameBytes(response: WireDataResponse<{ byteLength: number }>): number {
  return response.frames.reduce((sum, frame) => sum + frame.byteLength, 0);
}

/** Replaces the largest answers by errors until the frames of all of them fit in `limit` bytes. */
export function capTotalBytes<Frame extends { byteLength: number }>(
  responses: Record<string, WireDataResponse<Frame>>,
  limit: number
): Record<string, WireDataResponse<Frame>> {
  let total = 0;
  for (const refId in responses) total += frameBytes(responses[refId]!);
  if (total <= limit) return responses;
  const largest = Object.keys(responses).sort((a, b) => frameBytes(responses[b]!) - frameBytes(responses[a]!));
  for (const refId of largest) {
    if (total <= limit) break;
    const bytes = frameBytes(responses[refId]!);
    total -= bytes;
    responses[refId] = failure(
      `query ${refId}: its frames (${mebibytes(bytes)}) do not fit in the ${mebibytes(limit)} limit for one answer with the other queries; ${NARROW}`,
      413,
      'plugin',
      []
    );
  }
  return responses;
}

function mebibytes(bytes: number): string {
  return `${Math.round((bytes / 1048576) * 10) / 10} MiB`;
}

async function runQuery(
  handler: QueryDataHandler,
  ctx: RequestContext,
  query: DataQuery,
  secrets: readonly string[],
  log: Logger
): Promise<OutgoingDataResponse> {
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
): OutgoingDataResponse {
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
    const frames = encodedFrames(response.frames, refId);
    const bytes = frames.reduce((sum, frame) => sum + frame.byteLength, 0);
    if (bytes > QUERY_RESPONSE_BYTES) {
      return failure(
        `query ${refId}: its frames (${mebibytes(bytes)}) exceed the ${mebibytes(QUERY_RESPONSE_BYTES)} limit per query; ${NARROW}`,
        413,
        'plugin',
        secrets
      );
    }
    return { frames, error: '', status: 200, errorSource: '' };
  } catch (error) {
    return failure(`query ${refId}: invalid data frame: ${messageOf(error)}`, 500, 'plugin', secrets);
  }
}

/**
 * Arrow-encoded frames, once per frames array and refId: identical queries that were computed
 * once (the datasource coalesces them) are also encoded once.
 */
const encoded = new WeakMap<readonly DataFrame[], Map<string, IpcFile[]>>();
function encodedFrames(frames: readonly DataFrame[], refId: string): IpcFile[] {
  let byRefId = encoded.get(frames);
  if (!byRefId) encoded.set(frames, (byRefId = new Map()));
  let bytes = byRefId.get(refId);
  if (!bytes) byRefId.set(refId, (bytes = encodeFrames(frames.map((frame) => ({ ...frame, refId })))));
  return bytes;
}

function failure(
  error: string,
  status: number,
  errorSource: 'plugin' | 'downstream',
  secrets: readonly string[]
): WireDataResponse<never> {
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
