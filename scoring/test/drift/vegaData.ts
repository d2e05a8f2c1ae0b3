import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Path of a file in the `vega-datasets` npm package, found by walking up to a node_modules. */
export function vegaDataFile(name: string): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'vega-datasets', 'data', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`vega-datasets/data/${name} not found above ${import.meta.dirname}`);
  }
}
