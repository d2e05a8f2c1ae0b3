import base from '../.config/jest.base.js';

export default { ...base, displayName: 'dashboards', rootDir: import.meta.dirname };
