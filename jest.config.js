import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { workspaces } = JSON.parse(readFileSync(join(import.meta.dirname, 'package.json'), 'utf8'));

export default { projects: workspaces.map((w) => `<rootDir>/${w}`) };
