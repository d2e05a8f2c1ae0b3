import base from '../.config/jest.base.js';

export default { ...base, displayName: 'otel-instrumentation', rootDir: import.meta.dirname };
