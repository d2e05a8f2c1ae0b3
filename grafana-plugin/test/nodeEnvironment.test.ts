import { canReplaceItself, nodeVariables, nodeVariablesInEffect } from '../backend/src/protocol/nodeEnvironment.ts';

const GRAFANA_ENV = {
  grafana_plugin_type: 'datasource',
  NODE_OPTIONS: '--require C:\\missing.js',
  NODE_EXTRA_CA_CERTS: 'C:\\certs.pem',
  PATH: 'C:\\Windows',
};

describe('the host environment’s NODE_* variables', () => {
  it('finds every NODE_* variable and nothing else', () => {
    expect(nodeVariables(GRAFANA_ENV).sort()).toEqual(['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS']);
  });

  it('replaces the process without them only as a SEA on a platform with execve', () => {
    expect(canReplaceItself('linux', true)).toBe(true);
    expect(canReplaceItself('darwin', true)).toBe(true);
    expect(canReplaceItself('linux', false)).toBe(false); // `node main.ts` keeps its environment
  });

  // Node's process.execve is a function on Windows too, but throws: calling it killed the plugin
  // before its handshake whenever Grafana's environment held a NODE_* variable.
  it('never tries to replace itself on Windows', () => {
    expect(typeof process.execve).toBe('function');
    expect(canReplaceItself('win32', true)).toBe(false);
  });

  it('reports the variables that still apply on Windows, without NODE_OPTIONS (the SEA ignores it)', () => {
    expect(nodeVariablesInEffect('win32', GRAFANA_ENV)).toEqual(['NODE_EXTRA_CA_CERTS']);
    expect(nodeVariablesInEffect('linux', GRAFANA_ENV)).toEqual([]);
  });
});
