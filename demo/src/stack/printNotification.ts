import type { WebhookNotification } from '@sieve/testkit';

/** One line per alert in a notification: `[PAGE] FIRING SieveX {labels} — summary`. */
export function formatNotification(n: WebhookNotification): string {
  const kind = n.path.replace(/^\//, '').toUpperCase() || 'WEBHOOK';
  return n.payload.alerts
    .map((a) => {
      const { alertname, ...labels } = a.labels;
      const shown = Object.entries(labels)
        .filter(([k]) => !['team', 'slo_id', 'slo_service', 'slo_window'].includes(k))
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const when = new Date(n.receivedAt).toISOString().slice(11, 19);
      return `${when} [${kind}] ${a.status.toUpperCase()} ${alertname} {${shown}}${a.annotations.summary ? ` — ${a.annotations.summary}` : ''}`;
    })
    .join('\n');
}
