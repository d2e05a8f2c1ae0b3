import base from '../.config/jest.base.js';

export default { ...base, displayName: 'demo', rootDir: import.meta.dirname };
