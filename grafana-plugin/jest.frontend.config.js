import base from '../.config/jest.base.js';

// The React editors: jsdom, .tsx, Testing Library. The backend tests stay in jest.config.js (node).
export default {
  ...base,
  displayName: 'grafana-plugin-frontend',
  rootDir: import.meta.dirname,
  testEnvironment: 'jsdom',
  // jsdom resolves the browser builds; workspace packages still export their TypeScript sources.
  testEnvironmentOptions: { customExportConditions: ['browser', 'sieve-source'] },
  testMatch: ['<rootDir>/test/frontend/**/*.test.{ts,tsx}'],
  // @grafana/ui imports stylesheets; jsdom has no use for them.
  moduleNameMapper: {
    '\\.css$': '<rootDir>/test/frontend/styleStub.cjs',
    '^react-inlinesvg$': '<rootDir>/test/frontend/inlineSvgStub.tsx',
  },
  setupFilesAfterEnv: ['<rootDir>/test/frontend/setup.ts'],
};
