import { build } from 'esbuild';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';

/** @grafana/ui's icons, which its Icon component loads from `public/build/img/icons/` as in Grafana. */
const UI_PUBLIC = join(createRequire(import.meta.url).resolve('@grafana/ui'), '..', '..', 'public');
/**
 * Grafana serves the Inter font from its own public/fonts/; @grafana/ui does not ship it. The same
 * font (OFL) from @fontsource/inter stands in, so the page renders as in Grafana.
 */
const FONTS = join(createRequire(import.meta.url).resolve('@fontsource/inter/package.json'), '..', 'files');
const INTER: Record<string, string> = {
  'Inter-Regular.woff2': 'inter-latin-400-normal.woff2',
  'Inter-Italic.woff2': 'inter-latin-400-italic.woff2',
  'Inter-Medium.woff2': 'inter-latin-500-normal.woff2',
  'Inter-MediumItalic.woff2': 'inter-latin-500-italic.woff2',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

export interface Harness {
  url: string;
  close(): Promise<void>;
}

/** Bundles harness.tsx (esbuild, with React and @grafana/ui inside) and serves it on a free loopback port. */
export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-harness-'));
  await build({
    entryPoints: [join(import.meta.dirname, 'harness.tsx')],
    bundle: true,
    outdir: dir,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    conditions: ['sieve-source'],
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.css': 'css', '.svg': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file' },
    logLevel: 'error',
  });
  const css = existsSync(join(dir, 'harness.css')) ? '<link rel="stylesheet" href="harness.css">' : '';
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>Sieve editors</title><link rel="icon" href="data:,">${css}</head>` +
      // @grafana/runtime reads its config from the boot data Grafana's index page sets.
      `<body><div id="root"></div><script>window.grafanaBootData = { settings: {}, user: {}, navTree: [] };</script>` +
      `<script src="harness.js"></script></body></html>`
  );
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const font = path.startsWith('/public/fonts/inter/') ? INTER[path.slice('/public/fonts/inter/'.length)] : undefined;
    const file = font
      ? join(FONTS, font)
      : path.startsWith('/public/build/')
        ? join(UI_PUBLIC, path.slice('/public/build/'.length))
        : join(dir, path === '/' ? 'index.html' : path);
    if (![dir, UI_PUBLIC, FONTS].some((root) => file.startsWith(root))) return void res.writeHead(403).end();
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
