#!/usr/bin/env node
// npm run gameday -- <fault>... | --all [--json]
// Starts the native stack with compressed time (rules at 1/60, 1 s scrape, evaluation and group
// wait), injects each fault through the demo's admin endpoint, and times it to the right receiver.
import { parseArgs } from 'node:util';
import { CHAOS, type Chaos } from '../src/gameday/chaos.ts';
import { benchLine, formatTable, jsonLine } from '../src/gameday/report.ts';
import { runGameDay } from '../src/gameday/run.ts';
import { FAULTS, isFault, type Fault } from '../src/faults.ts';
import { COMPRESSED } from '../src/stack/profiles.ts';
import { startStack } from '../src/stack/stack.ts';

const USAGE = `usage: npm run gameday -- <fault>... | --all [--json] [--concurrent]

  faults: ${FAULTS.join(', ')}
  chaos:  ${CHAOS.join(', ')} (in --all)
  --json        one JSON line per fault, then the benchmark line
  --concurrent  run faults that cannot mask each other together (about a third of the time)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    concurrent: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
const unknown = positionals.filter((p) => !isFault(p) && !(CHAOS as readonly string[]).includes(p));
if (values.help || unknown.length > 0 || (!values.all && positionals.length === 0)) {
  if (unknown.length > 0) console.error(`unknown fault: ${unknown.join(', ')}`);
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
const faults: Fault[] = values.all ? [...FAULTS] : positionals.filter(isFault);
const chaos: Chaos[] = values.all ? [...CHAOS] : (positionals.filter((p) => !isFault(p)) as Chaos[]);
const say = (line: string) => (values.json ? console.error(line) : console.log(line));

say('game day: starting the stack (compressed time: rules at 1/60, 1 s scrape/evaluation/group_wait)…');
let stack;
try {
  stack = await startStack({ profile: COMPRESSED });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const stop = () => void stack.stop().then(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
try {
  say('game day: healthy warm-up (15 s)…');
  await new Promise((r) => setTimeout(r, 15_000));
  const result = await runGameDay(stack, faults, chaos, {
    concurrent: values.concurrent,
    onRow: (row) =>
      values.json
        ? console.log(jsonLine(row))
        : say(`  ${row.fault}: ${row.detected ? `${row.detect_s} s` : 'not detected'}`),
  });
  if (!values.json) {
    console.log(`\n${formatTable(result.rows)}`);
    for (const c of result.chaos) {
      for (const [check, ok] of Object.entries(c.checks)) console.log(`${c.chaos}: ${ok ? 'ok' : 'FAILED'} — ${check}`);
    }
  }
  console.log(benchLine(result.rows));
  const ok =
    result.rows.every((r) => r.detected && r.resolve_s !== null) &&
    result.chaos.every((c) => Object.values(c.checks).every(Boolean));
  process.exitCode = ok ? 0 : 1;
} finally {
  await stack.stop();
}
