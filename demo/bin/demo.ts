#!/usr/bin/env node
// The demo on its own: `npm run demo -w demo -- --help` lists the flags (env: SIEVE_DEMO_*).
import { parseDemoConfig } from '../src/config.ts';
import { startDemo } from '../src/demo.ts';

let demo;
try {
  demo = await startDemo(parseDemoConfig(process.argv.slice(2)));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
console.log(`demo: API ${demo.apiUrl} (POST /predict, POST /outcome, /admin/faults), metrics ${demo.metricsUrl}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void demo.stop().then(() => process.exit(0)));
}
