import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian package names for the real components the tests run (installed by `.ci/run`). */
const PACKAGES: Record<string, string> = {
  prometheus: 'prometheus',
  promtool: 'prometheus',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  alertmanager: 'prometheus-alertmanager',
  amtool: 'prometheus-alertmanager',
  'prometheus-pushgateway': 'prometheus-pushgateway',
  pushgateway: 'prometheus-pushgateway',
};

/** The first of `names` that is an executable on PATH, or undefined. */
export function findBinary(...names: string[]): string | undefined {
  for (const name of names) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

/** Finds an executable on PATH (or the first of several names), or throws with the install hint. */
export function requireBinary(...names: string[]): string {
  return requireBinaries({ bin: names }).bin;
}

/**
 * Finds several executables at once (each by its first name on PATH), or throws one error naming
 * every missing one with a single apt-get line: a newcomer installs everything in one round.
 */
export function requireBinaries<K extends string>(wanted: Readonly<Record<K, readonly string[]>>): Record<K, string> {
  const found = {} as Record<K, string>;
  const missing: string[][] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const bin = findBinary(...wanted[key]);
    if (bin === undefined) missing.push([...wanted[key]]);
    else found[key] = bin;
  }
  if (missing.length === 0) return found;
  const packages = [...new Set(missing.map((names) => PACKAGES[names[0] ?? ''] ?? names[0]))];
  const what = missing.map((names) => names.join(' or ')).join(', ');
  throw new Error(
    `${what} not found on PATH: install ${packages.length === 1 ? 'it' : 'them'} with ` +
      `'apt-get install -y ${packages.join(' ')}' (.ci/run does)`
  );
}
