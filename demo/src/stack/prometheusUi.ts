/**
 * The Prometheus page that lists the alert rules, as this Prometheus serves it. Debian builds
 * Prometheus without the React UI (version `+ds`): `/alerts` is a 404 there and only the classic
 * UI's `/classic/alerts` exists; an upstream build serves `/alerts`.
 */
export async function alertsPage(prometheusUrl: string, signal?: AbortSignal): Promise<string> {
  for (const path of ['/alerts', '/classic/alerts']) {
    const url = `${prometheusUrl}${path}`;
    try {
      const res = await fetch(url, { signal });
      await res.body?.cancel();
      if (res.ok) return url;
    } catch {
      // Unreachable right now: try the next page, else the fallback below.
      if (signal?.aborted) throw signal.reason;
    }
  }
  return `${prometheusUrl}/classic/alerts`;
}
