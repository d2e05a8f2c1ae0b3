import type { ResourceResponse } from './types.ts';

/** A resource response whose body is `body` as JSON; `headers` add to the Content-Type. */
export function jsonResource(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string[]>> = {}
): ResourceResponse {
  return {
    status,
    headers: { 'content-type': ['application/json'], ...headers },
    body: new TextEncoder().encode(JSON.stringify(body)),
  };
}
