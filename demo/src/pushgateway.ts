/**
 * Pushes a batch job's metrics to a Prometheus Pushgateway: PUT replaces the job's group, so
 * the gateway always holds the job's latest cumulative state and its push time.
 */
export async function pushToGateway(gatewayUrl: string, job: string, exposition: string): Promise<void> {
  const url = `${gatewayUrl.replace(/\/$/, '')}/metrics/job/${encodeURIComponent(job)}`;
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain; version=0.0.4' },
    body: exposition,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`pushgateway ${url}: ${res.status} ${(await res.text()).trim()}`);
}
