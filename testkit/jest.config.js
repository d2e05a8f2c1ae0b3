import base from '../.config/jest.base.js';

export default { ...base, displayName: 'testkit', rootDir: import.meta.dirname };
