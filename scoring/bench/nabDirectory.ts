/** Reads a NAB-layout directory (data/<category>/*.csv, labels/combined_windows.json, profiles.json). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { labelRows, parseNabCsv, parseProfiles, parseWindowsJson } from '../src/nab/index.ts';
import type { NabCorpusFile } from '../src/nab/index.ts';

/**
 * Where the shared NAB subset lives: $SIEVE_NAB_DATA, else `../shared/data/nab` beside the
 * repository (the workplace layout), else /work/shared/data/nab for clones made elsewhere.
 */
export function defaultNabDirectory(): string {
  const candidates = [
    process.env.SIEVE_NAB_DATA,
    resolve(import.meta.dirname, '../../../shared/data/nab'),
    '/work/shared/data/nab',
  ].filter((d): d is string => Boolean(d));
  return candidates.find((d) => existsSync(join(d, 'labels/combined_windows.json'))) ?? candidates[0]!;
}

export function loadNabCorpus(dataDir: string): NabCorpusFile[] {
  const windows = parseWindowsJson(JSON.parse(readFileSync(join(dataDir, 'labels/combined_windows.json'), 'utf8')));
  const corpus: NabCorpusFile[] = [];
  for (const category of readdirSync(join(dataDir, 'data'), { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of readdirSync(join(dataDir, 'data', category.name)).sort()) {
      if (!file.endsWith('.csv')) continue;
      const name = `${category.name}/${file}`;
      const labels = windows.get(name);
      if (labels === undefined) continue; // NAB scores only labelled files
      const series = parseNabCsv(readFileSync(join(dataDir, 'data', name), 'utf8'));
      corpus.push({ name, ...series, rows: labelRows(series.timestampsMs, labels) });
    }
  }
  corpus.sort((a, b) => (a.name < b.name ? -1 : 1));
  if (corpus.length === 0) throw new Error(`no labelled CSV files under ${dataDir}/data`);
  return corpus;
}

export function loadNabProfiles(dataDir: string): ReturnType<typeof parseProfiles> {
  return parseProfiles(JSON.parse(readFileSync(join(dataDir, 'profiles.json'), 'utf8')));
}
