import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import base from './.config/jest.base.js';

const { workspaces } = JSON.parse(readFileSync(join(import.meta.dirname, 'package.json'), 'utf8'));

// testTimeout and workerGracefulExitTimeout are global options: project configs alone do not set
// them for a multi-project run.
export default {
  testTimeout: base.testTimeout,
  workerGracefulExitTimeout: base.workerGracefulExitTimeout,
  projects: [...workspaces.map((w) => `<rootDir>/${w}`), '<rootDir>/grafana-plugin/jest.frontend.config.js'],
};
