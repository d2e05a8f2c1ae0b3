import type { Fault, FaultOptions } from '../faults.ts';

/** Injects a fault through the demo's admin endpoint. */
export async function injectFault(apiUrl: string, fault: Fault, options: FaultOptions = {}): Promise<void> {
  await call(apiUrl, 'PUT', fault, options);
}

/** Recovers a fault through the demo's admin endpoint. */
export async function recoverFault(apiUrl: string, fault: Fault): Promise<void> {
  await call(apiUrl, 'DELETE', fault);
}

async function call(apiUrl: string, method: string, fault: Fault, body?: unknown): Promise<void> {
  const res = await fetch(`${apiUrl}/admin/faults/${fault}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`${method} /admin/faults/${fault}: ${res.status} ${await res.text()}`);
}
