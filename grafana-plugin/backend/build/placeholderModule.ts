/**
 * Until the frontend (src/module.ts, a later issue) is built by webpack, dist/ gets this minimal
 * AMD module so that Grafana can load the datasource: it registers a DataSourceWithBackend, which
 * sends every query to the backend. Grafana provides @grafana/data and @grafana/runtime.
 */
export const PLACEHOLDER_MODULE_JS = `define(['@grafana/data', '@grafana/runtime'], function (data, runtime) {
  'use strict';
  class SieveDataSource extends runtime.DataSourceWithBackend {}
  return { plugin: new data.DataSourcePlugin(SieveDataSource) };
});
`;
