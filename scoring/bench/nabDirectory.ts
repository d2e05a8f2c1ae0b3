/** Reads a NAB-layout directory (data/<category>/*.csv, labels/combined_windows.json, profiles.json). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { labelRows, parseNabCsv, parseProfiles, parseWindowsJson } from '../src/nab/index.ts';
import type { NabCorpusFile } from '../src/nab/index.ts';

/**
 * Where the NAB data lives: $SIEVE_NAB_DATA when set (and it must exist: a mistyped path is an
 * error, never a silent fallback to other data), else `../shared/data/nab` beside the repository
 * (the workplace layout), else /work/shared/data/nab for clones made elsewhere. Returns the first
 * of the last two that exists (or the first, for the caller to report as missing).
 *
 * @throws Error when SIEVE_NAB_DATA is set but holds no labels/combined_windows.json.
 */
export function defaultNabDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.SIEVE_NAB_DATA;
  if (chosen !== undefined && chosen !== '') {
    const dir = resolve(chosen);
    if (!existsSync(join(dir, 'labels/combined_windows.json'))) {
      throw new Error(
        `SIEVE_NAB_DATA=${chosen}: no NAB data there (expected ${join(dir, 'labels/combined_windows.json')})`
      );
    }
    return dir;
  }
  const candidates = [resolve(import.meta.dirname, '../../../shared/data/nab'), '/work/shared/data/nab'];
  return candidates.find((d) => existsSync(join(d, 'labels/combined_windows.json'))) ?? candidates[0]!;
}

/** NAB v1.1's full corpus: 7 categories, 58 files (README of numenta/NAB). */
export const FULL_NAB = { categories: 7, files: 58 } as const;

/** "full corpus" when the directory held every NAB file, else "subset (…)" with what it held. */
export function describeCorpus(corpus: readonly { name: string }[]): string {
  const categories = new Set(corpus.map((f) => f.name.split('/')[0]));
  return categories.size >= FULL_NAB.categories && corpus.length >= FULL_NAB.files
    ? 'full corpus'
    : `subset (${corpus.length} of ${FULL_NAB.files} files, ${categories.size} of ${FULL_NAB.categories} categories)`;
}

export function loadNabCorpus(dataDir: string): NabCorpusFile[] {
  if (!existsSync(join(dataDir, 'labels/combined_windows.json'))) {
    throw new Error(`no NAB data at ${dataDir} (expected labels/combined_windows.json and data/<category>/*.csv)`);
  }
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
