// `npm run readme -w otel-instrumentation`: regenerates the README's metric table from the catalog.
import { readFileSync, writeFileSync } from 'node:fs';
import { withMetricTable } from './metricTable.ts';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, await withMetricTable(readFileSync(path, 'utf8')));
