/**
 * A Prometheus API response body, received as text chunks while it arrives and parsed as JSON at
 * the end. `wholeJsonBody` parses it in one go; `matrixBody` (matrixBody.ts) parses range-query
 * series as they arrive.
 */
export interface JsonBody {
  push(chunk: string): void;
  /** The parsed envelope; throws (SyntaxError) when the body is not JSON. */
  finish(): unknown;
  /** The whole body text, for error messages. */
  text(): string;
}

export function wholeJsonBody(): JsonBody {
  const chunks: string[] = [];
  return {
    push: (chunk) => void chunks.push(chunk),
    finish: () => JSON.parse(chunks.join('')) as unknown,
    text: () => chunks.join(''),
  };
}

/** Streams a fetch response into `body` as UTF-8 text (a BOM is dropped, as `Response.text()` does). */
export async function readBody(res: Response, body: JsonBody): Promise<void> {
  if (res.body === null) return;
  const decoder = new TextDecoder();
  for await (const bytes of res.body) body.push(decoder.decode(bytes, { stream: true }));
  body.push(decoder.decode());
}
