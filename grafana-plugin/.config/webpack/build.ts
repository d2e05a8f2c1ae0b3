import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import webpack from 'webpack';
import { webpackConfig, WORKSPACE } from './webpack.config.ts';

/**
 * The frontend half of `npm run build`: module.js by webpack, then the files Grafana's catalog page
 * and the validator read next to it (README, CHANGELOG, LICENSE, logo, screenshots).
 */
export const FRONTEND_ASSETS: ReadonlyArray<[from: string, to: string]> = [
  ['src/README.md', 'README.md'],
  ['CHANGELOG.md', 'CHANGELOG.md'],
  ['LICENSE', 'LICENSE'],
  ['src/img/logo.svg', 'img/logo.svg'],
  ['docs/drift-editor.png', 'img/screenshots/drift-editor.png'],
  ['docs/anomaly-editor.png', 'img/screenshots/anomaly-editor.png'],
  ['docs/config-editor.png', 'img/screenshots/config-editor.png'],
];

async function main(): Promise<void> {
  const started = Date.now();
  const production = !process.argv.includes('--dev');
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    webpack(webpackConfig(production), (error, result) => (error || !result ? reject(error) : resolve(result)))
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  for (const [from, to] of FRONTEND_ASSETS) {
    const source = join(WORKSPACE, from);
    if (!existsSync(source)) throw new Error(`missing ${from}`);
    const target = join(WORKSPACE, 'dist', to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
  process.stderr.write(`built dist/module.js in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`frontend build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
