#!/usr/bin/env node
// npm start: the whole stack on this machine, no Docker. Ctrl-C stops everything.
import { formatNotification } from '../src/stack/printNotification.ts';
import { PRODUCTION } from '../src/stack/profiles.ts';
import { STANDARD_PORTS, startStack } from '../src/stack/stack.ts';

console.log('sieve: starting Prometheus, Alertmanager, the Pushgateway, the webhook receiver and the demo…');
let stack;
try {
  stack = await startStack({
    profile: PRODUCTION,
    ports: STANDARD_PORTS,
    grafana: true,
    log: (line) => console.log(line),
    onNotification: (n) => console.log(formatNotification(n)),
  });
} catch (error) {
  console.error(`sieve: ${(error as Error).message}`);
  process.exit(1);
}
const width = Math.max(...Object.keys(stack.urls).map((k) => k.length));
console.log('\nsieve: running. Open:');
for (const [name, url] of Object.entries(stack.urls)) console.log(`  ${name.padEnd(width)}  ${url}`);
console.log(
  '\nInject a fault:  curl -X PUT ' +
    `${stack.demoApi}/admin/faults/failingPredictions` +
    '\nRecover it:      curl -X DELETE ' +
    `${stack.demoApi}/admin/faults/failingPredictions` +
    '\nPages and tickets are printed below. Ctrl-C stops everything.\n'
);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('\nsieve: stopping…');
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
