import base from '../.config/jest.base.js';

export default { ...base, displayName: 'rules', rootDir: import.meta.dirname };
