#!/usr/bin/env node
// The webhook receiver on its own (docker compose's `receiver` service): prints pages and tickets.
import { startWebhookReceiver } from '@sieve/testkit';
import { SERVICES } from '../src/compose/services.ts';
import { formatNotification, repositoryRunbook } from '../src/stack/printNotification.ts';

const port = Number(process.env.PORT ?? SERVICES.receiver.port);
const receiver = await startWebhookReceiver({
  listen: { host: process.env.HOST ?? '0.0.0.0', port },
  onNotification: (n) => console.log(formatNotification(n, repositoryRunbook)),
});
console.log(`receiver: listening on :${port} (/page, /ticket)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void receiver.stop().then(() => process.exit(0)));
