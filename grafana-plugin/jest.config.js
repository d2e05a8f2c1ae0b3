import base from '../.config/jest.base.js';

export default { ...base, displayName: 'grafana-plugin', rootDir: import.meta.dirname };
