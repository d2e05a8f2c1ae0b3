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

/** Finds an executable on PATH (or the first of several names), or throws with the install hint. */
export function requireBinary(...names: string[]): string {
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
  const pkg = PACKAGES[names[0] ?? ''] ?? names[0];
  throw new Error(
    `${names.join(' or ')} not found on PATH: install it with 'apt-get install -y ${pkg}' (.ci/run does)`
  );
}
