import base from '../.config/jest.base.js';

export default { ...base, displayName: 'scoring', rootDir: import.meta.dirname };
