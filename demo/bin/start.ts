#!/usr/bin/env node
// npm start: the whole stack on this machine, no Docker. Ctrl-C stops everything.
import { formatNotification, repositoryRunbook } from '../src/stack/printNotification.ts';
import { PRODUCTION } from '../src/stack/profiles.ts';
import { STANDARD_PORTS, startStack, type Stack } from '../src/stack/stack.ts';

// The handlers come first: a signal during the startup (a supervisor's SIGTERM, Ctrl-C) aborts it,
// and startStack stops what already runs and removes its directory instead of Node dying on the
// default action and leaving Alertmanager & co. running.
const startup = new AbortController();
let stack: Stack | undefined;
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('\nsieve: stopping…');
  if (stack) void stack.stop().then(() => process.exit(0));
  else startup.abort(new Error('interrupted during startup'));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

console.log('sieve: starting Prometheus, Alertmanager, the Pushgateway, the webhook receiver and the demo…');
try {
  stack = await startStack({
    profile: PRODUCTION,
    ports: STANDARD_PORTS,
    grafana: true,
    log: (line) => console.log(line),
    onNotification: (n) => console.log(formatNotification(n, repositoryRunbook)),
    signal: startup.signal,
  });
} catch (error) {
  if (startup.signal.aborted) {
    console.log('sieve: stopped before the stack was up');
    process.exit(0);
  }
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
