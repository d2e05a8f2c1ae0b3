/**
 * The datasource's upstream limits. With the protocol's response limits (QUERY_RESPONSE_BYTES and
 * DATA_RESPONSE_BYTES in protocol/queryDispatch.ts) they keep the process under MEMORY_CEILING_MB
 * whatever the upstream sends and however many panels refresh at once: at most
 * UPSTREAM_CONCURRENCY answers are read at a time, each at most UPSTREAM_ANSWER_BYTES.
 */
const MiB = 1024 * 1024;

/** The ceiling the limits below are sized for, measured by `npm run bench` (memory.peak). */
export const MEMORY_CEILING_MB = 512;

/** Bytes of one upstream answer (after decompression); past it the query fails with a hint to narrow it. */
export const UPSTREAM_ANSWER_BYTES = 48 * MiB;

/**
 * Points of range answers scored while their answer is still arriving, across the process
 * (pointAllowance.ts): a 20-series × 11k-point anomaly panel; about 10 MB of scores held early.
 */
export const SCORE_AHEAD_POINTS = 250_000;

/** Upstream requests in flight at once (identical requests share one). */
export const UPSTREAM_CONCURRENCY = 4;
/** Requests waiting for a slot; more are shed at once with an "overloaded" error. */
export const UPSTREAM_QUEUE_LENGTH = 512;
/** The longest a request waits for a slot before it is shed. */
export const UPSTREAM_QUEUE_WAIT_MS = 20_000;

export function mib(bytes: number): string {
  return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
}

/** What a user can do about an answer that is too large. */
export const NARROW_HINT =
  'narrow the query: a shorter time range, a larger step (or a lower "Max data points"), or fewer features or series';
