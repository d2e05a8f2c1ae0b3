/**
 * Whether Prometheus is asked to compress its answers (`jsonData.compression`).
 *
 * - `gzip` (default): the request carries the HTTP client's own Accept-Encoding (undici: `gzip,
 *   deflate`, plus `br` over https), so Prometheus answers with gzip, as it does for Grafana's
 *   Prometheus datasource (Go asks for gzip). Right over a WAN, where the bytes cost more than the CPU.
 * - `none`: `Accept-Encoding: identity`. For a Prometheus on the same host or network: gzipping a
 *   large answer costs Prometheus more time (and the plugin more CPU to inflate) than the bytes save.
 *
 * A custom header named Accept-Encoding (`jsonData.httpHeaderName<N>`) wins over this setting, as in
 * Grafana, whose Go client leaves a request's own Accept-Encoding alone. The answer is decoded by
 * its Content-Encoding whichever asked for it (gzip, deflate, br).
 */
export const COMPRESSIONS = ['gzip', 'none'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export const DEFAULT_COMPRESSION: Compression = 'gzip';

/** The header to add to every upstream request, given the headers the datasource already sends. */
export function acceptEncodingHeader(
  compression: Compression,
  headers: Readonly<Record<string, string>>
): Readonly<Record<string, string>> {
  if (compression === 'gzip') return {};
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'accept-encoding')) return {};
  return { 'Accept-Encoding': 'identity' };
}
