import type { Configuration } from 'webpack';

/**
 * What Grafana provides to plugins at runtime (its SystemJS shared dependencies), as in
 * @grafana/create-plugin's bundler config: these are never bundled into module.js.
 */
export const GRAFANA_EXTERNALS: string[] = [
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'i18next',
  'react-router',
  'react-router-dom',
  'd3',
  'angular',
];

/** @grafana/ui, runtime, data, schema, i18n and any subpath: all from Grafana. */
export const GRAFANA_PACKAGE = /^@grafana\//;

export const externals: Configuration['externals'] = [
  { 'amd-module': 'module' },
  ...GRAFANA_EXTERNALS,
  GRAFANA_PACKAGE,
  // Legacy SDK imports (`grafana/app/...`) are provided by Grafana without the prefix.
  ({ request }, callback) => {
    if (request?.startsWith('grafana/')) return callback(undefined, request.slice('grafana/'.length));
    callback();
  },
];
