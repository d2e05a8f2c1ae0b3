import { join } from 'node:path';
import type { Configuration } from 'webpack';
import { externals } from './externals.ts';

/** The grafana-plugin workspace. */
export const WORKSPACE = join(import.meta.dirname, '..', '..');
export const PLUGIN_ID = 'sieve-datamining-datasource';

/**
 * src/module.ts → dist/module.js, an AMD module as Grafana's plugin loader expects, with Grafana's
 * shared packages left external (externals.ts). Follows @grafana/create-plugin's webpack config.
 */
export function webpackConfig(production = true): Configuration {
  return {
    mode: production ? 'production' : 'development',
    context: join(WORKSPACE, 'src'),
    entry: { module: './module.ts' },
    devtool: production ? false : 'eval-source-map',
    externals,
    module: {
      rules: [
        {
          test: /\.[cm]?[tj]sx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                target: 'es2020',
                parser: { syntax: 'typescript', tsx: true },
                transform: { react: { runtime: 'automatic' } },
              },
            },
          },
        },
      ],
    },
    output: {
      path: join(WORKSPACE, 'dist'),
      filename: '[name].js',
      library: { type: 'amd' },
      publicPath: `public/plugins/${PLUGIN_ID}/`,
      uniqueName: PLUGIN_ID,
      // dist/ also holds the backend executables and plugin.json: never clean it here.
      clean: false,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      extensionAlias: { '.js': ['.ts', '.js'] },
      alias: { 'react/jsx-runtime$': join(import.meta.dirname, 'jsxRuntime.ts') },
      // Workspace packages (@sieve/scoring, the catalog) export their TypeScript sources under sieve-source.
      conditionNames: ['sieve-source', 'browser', 'import', 'module', 'default'],
    },
    optimization: { minimize: production },
    performance: { hints: false },
    cache: { type: 'filesystem', cacheDirectory: join(WORKSPACE, '.cache', 'webpack') },
  };
}
