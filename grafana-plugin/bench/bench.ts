import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Figure, reportFigures } from '@sieve/testkit';

/**
 * `npm run bench -w grafana-plugin [-- --json]`: runs every bench/*.ts module that exports
 * `run(): Promise<Figure[]>` (startup.ts, drift.ts, anomaly.ts, ...), one after another so they
 * do not compete for the CPU, and prints all figures together.
 */
async function main(): Promise<void> {
  const dir = import.meta.dirname;
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const files = readdirSync(dir)
    .filter(
      (f) =>
        f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts') && f !== basename(import.meta.filename)
    )
    .filter((f) => only.length === 0 || only.includes(basename(f, '.ts')))
    .sort();
  const figures: Figure[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { run?: () => Promise<Figure[]> };
    if (typeof module.run !== 'function') continue;
    process.stderr.write(`bench: ${file}\n`);
    figures.push(...(await module.run()));
  }
  reportFigures(figures);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
