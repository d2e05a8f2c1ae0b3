// Shared Jest settings. Jest runs in native ESM mode (see the root "jest" script), and SWC only
// strips types, so tests run the same module code that Node 24 runs directly.
export default {
  testEnvironment: 'node',
  // Workspace packages export their TypeScript sources under this condition (see package.json "exports").
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons', 'sieve-source'] },
  // Integration tests start real Prometheus, Alertmanager and plugin processes.
  testTimeout: 60_000,
  // A worker whose loop is already empty still needs time to die: a 500-800 MB heap on two shared
  // cores took over Jest's default 500 ms, and Jest then reports it as a leak ("failed to exit
  // gracefully"). A real leak (server, child process, timer) still outlasts this.
  workerGracefulExitTimeout: 5000,
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          target: 'es2023',
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'es6' },
      },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
