/**
 * A Prometheus API response body, received as text chunks while it arrives and parsed as JSON at
 * the end. `wholeJsonBody` parses it in one go; `matrixBody` (matrixBody.ts) parses range-query
 * series as they arrive and keeps only the series not yet complete.
 */
export interface JsonBody {
  push(chunk: string): void;
  /** The parsed envelope; throws (SyntaxError) when the body is not JSON. */
  finish(): unknown;
  /** The start of the body text, for error messages (never more than HEAD_CHARS). */
  head(): string;
  /** Called once the exchange is over, however it ended (frees what the body held for it). */
  close?(): void;
}

/** How much of a body error messages may quote. */
// Large enough that a quote survives dropping its end, where a secret may be cut (prometheusClient.ts describe).
export const HEAD_CHARS = 16384;

/** Keeps the first HEAD_CHARS characters of what is pushed. */
export function headKeeper(): { push(chunk: string): void; text(): string } {
  let head = '';
  return {
    push(chunk) {
      if (head.length < HEAD_CHARS) head += chunk.slice(0, HEAD_CHARS - head.length);
    },
    text: () => head,
  };
}

export function wholeJsonBody(): JsonBody {
  const chunks: string[] = [];
  const head = headKeeper();
  return {
    push(chunk) {
      chunks.push(chunk);
      head.push(chunk);
    },
    finish: () => JSON.parse(chunks.join('')) as unknown,
    head: head.text,
  };
}

/** The body grew past the byte cap; reading stopped there. */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`body larger than ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
  }
}

/**
 * Streams a response body into `body` as UTF-8 text (a BOM is dropped, as `Response.text()` does),
 * counting decoded bytes: past `maxBytes` it stops reading, cancels the stream and throws
 * BodyTooLarge, so no answer can hold more than the cap in memory.
 */
export async function readBody(
  stream: AsyncIterable<Uint8Array> | null,
  body: JsonBody,
  maxBytes: number
): Promise<void> {
  if (stream === null) return;
  const decoder = new TextDecoder();
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    // Leaving the loop early (throw) cancels the underlying stream and frees the connection.
    if (bytes > maxBytes) throw new BodyTooLarge(maxBytes);
    body.push(decoder.decode(chunk, { stream: true }));
  }
  body.push(decoder.decode());
}
