import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { WebhookNotification } from '@sieve/testkit';

const REPO = join(import.meta.dirname, '..', '..', '..');

/**
 * One line per alert in a notification: `[PAGE] FIRING SieveX {labels} — summary (runbook: …)`.
 * A firing alert names its runbook through `runbook` (its runbook_url by default), so a newcomer
 * without Grafana can follow the page from the terminal.
 */
export function formatNotification(n: WebhookNotification, runbook: (url: string) => string = (url) => url): string {
  const kind = n.path.replace(/^\//, '').toUpperCase() || 'WEBHOOK';
  return n.payload.alerts
    .map((a) => {
      const { alertname, ...labels } = a.labels;
      const shown = Object.entries(labels)
        .filter(([k]) => !['team', 'slo_id', 'slo_service', 'slo_window'].includes(k))
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const when = new Date(n.receivedAt).toISOString().slice(11, 19);
      const summary = a.annotations.summary ? ` — ${a.annotations.summary}` : '';
      const url = a.annotations.runbook_url;
      const book = a.status === 'firing' && url ? ` (runbook: ${runbook(url)})` : '';
      return `${when} [${kind}] ${a.status.toUpperCase()} ${alertname} {${shown}}${summary}${book}`;
    })
    .join('\n');
}

/**
 * The repository's copy of a runbook (`rules/runbooks/<alert>.md`, relative to the repository root)
 * when it exists, else the URL itself: the configured runbookBaseUrl may not be reachable from here.
 */
export function repositoryRunbook(url: string): string {
  let file: string;
  try {
    file = join('rules', 'runbooks', basename(new URL(url).pathname));
  } catch {
    return url;
  }
  return file.endsWith('.md') && existsSync(join(REPO, file)) ? file : url;
}
