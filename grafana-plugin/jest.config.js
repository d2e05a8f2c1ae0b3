import base from '../.config/jest.base.js';

export default {
  ...base,
  displayName: 'grafana-plugin',
  rootDir: import.meta.dirname,
  // The editors' tests run in the jsdom project (jest.frontend.config.js).
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '<rootDir>/test/frontend/'],
};
