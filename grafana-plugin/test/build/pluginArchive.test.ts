import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { DIST, EXECUTABLE, TARGETS, WORKSPACE, executableName } from '../../backend/build/paths.ts';
import { archiveName, platformArchiveName, RELEASE } from '../../packaging/archive.ts';
import { ensureBuilt } from '../harness/build.ts';

/**
 * The build test, and the stand-in for Grafana's plugin validator (plugincheck2), which the Go module
 * proxy refuses to serve here: its offline analyzers' rules, checked on the archive `npm run build`
 * makes. Entries are read with Info-ZIP's zipinfo/unzip and checksums with md5sum/sha256sum, not with
 * our own zip code.
 */
const ID = 'sieve-datamining-datasource';
const pkg = JSON.parse(readFileSync(join(WORKSPACE, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

function run(command: string, args: string[], cwd = WORKSPACE): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

let zipPath: string;
/** Archive path → Unix mode string (zipinfo's first column). */
const modes = new Map<string, string>();
const read = (path: string) => run('unzip', ['-p', zipPath, `${ID}/${path}`]);

beforeAll(async () => {
  await ensureBuilt({ allPlatforms: true }); // every executable the release ships, and plugin.json
  for (const step of ['.config/webpack/build.ts', 'packaging/archive.ts']) run(process.execPath, [step]);
  zipPath = join(RELEASE, archiveName());
  for (const line of run('zipinfo', [zipPath]).split('\n')) {
    const m = /^([-d][rwx-]{9})\s.*\s(\S+)$/.exec(line);
    if (m) modes.set(m[2] as string, m[1] as string);
  }
}, 600_000);

describe('dist/ (npm run build)', () => {
  it('holds module.js, plugin.json and an executable per architecture', () => {
    for (const file of ['module.js', 'plugin.json', ...TARGETS.map(executableName)]) {
      expect(readFileSync(join(DIST, file)).length).toBeGreaterThan(0);
    }
  });

  it('module.js is an AMD module that leaves React and @grafana/* to Grafana, under 200 KB gzipped', () => {
    const js = readFileSync(join(DIST, 'module.js'), 'utf8');
    const deps = JSON.parse(/^define\((\[[^\]]*\])/.exec(js)?.[1] ?? '[]') as string[];
    expect(deps).toEqual(expect.arrayContaining(['react', '@grafana/data', '@grafana/runtime', '@grafana/ui']));
    // Markers of a bundled React, react-dom or @grafana/ui.
    for (const marker of ['__SECRET_INTERNALS_DO_NOT_USE', 'react.element', 'ReactDOM', 'createTheme(']) {
      expect(js).not.toContain(marker);
    }
    expect(gzipSync(js).length).toBeLessThan(200 * 1024);
  });
});

describe('the archive (validator rules: archive, binarypermissions, checksum)', () => {
  it('has one top folder named after the plugin id, with plugin.json and module.js in it', () => {
    const tops = new Set([...modes.keys()].map((p) => p.split('/')[0]));
    expect([...tops]).toEqual([ID]);
    expect(modes.has(`${ID}/plugin.json`)).toBe(true);
    expect(modes.has(`${ID}/module.js`)).toBe(true);
    expect([...modes.keys()].some((p) => p.endsWith('backend.cjs') || p.endsWith('.map'))).toBe(false);
  });

  it('keeps the run bits of the executables and no other file is executable', () => {
    for (const [path, mode] of modes) {
      if (mode.startsWith('d')) continue;
      const isExecutable = path.startsWith(`${ID}/${EXECUTABLE}_`);
      expect([path, mode]).toEqual([path, isExecutable ? '-rwxr-xr-x' : '-rw-r--r--']);
    }
    expect(TARGETS.every((t) => modes.has(`${ID}/${executableName(t)}`))).toBe(true);
  });

  it('is named <id>-<version>.zip, with MD5 and SHA-256 files that md5sum -c / sha256sum -c accept', () => {
    expect(archiveName()).toBe(`${ID}-${pkg.version}.zip`);
    for (const tool of ['md5sum', 'sha256sum']) {
      const ext = tool === 'md5sum' ? 'md5' : 'sha256';
      expect(run(tool, ['-c', `${archiveName()}.${ext}`], RELEASE)).toBe(`${archiveName()}: OK\n`);
    }
  });
});

describe('the per-platform archives (<id>-<version>.<os>_<arch>.zip)', () => {
  const others = () => [...modes.keys()].filter((p) => !p.startsWith(`${ID}/${EXECUTABLE}_`));

  // Names are made in the tests: plugin.json, which they come from, exists only after beforeAll's build.
  it.each(TARGETS.map((t) => [`${t.goOs}_${t.goArch}`, t] as const))(
    "%s holds that platform's executable only, and every other file of the full archive",
    (_platform, target) => {
      const name = platformArchiveName(target);
      const paths = run('zipinfo', ['-1', join(RELEASE, name)])
        .trim()
        .split('\n');
      expect(paths.filter((p) => p.startsWith(`${ID}/${EXECUTABLE}_`))).toEqual([`${ID}/${executableName(target)}`]);
      expect(paths.filter((p) => !p.startsWith(`${ID}/${EXECUTABLE}_`)).sort()).toEqual(others().sort());
      expect(run('sha256sum', ['-c', `${name}.sha256`], RELEASE)).toBe(`${name}: OK\n`);
    }
  );
});

/** The parts of Grafana's plugin.json schema a datasource with a backend must satisfy (metadatavalid). */
const pluginJsonSchema = z.object({
  $schema: z.literal(
    'https://raw.githubusercontent.com/grafana/grafana/main/docs/sources/developers/plugins/plugin.schema.json'
  ),
  id: z.string().regex(/^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$/),
  type: z.literal('datasource'),
  name: z.string().min(1),
  backend: z.literal(true),
  alerting: z.literal(true),
  annotations: z.boolean(),
  metrics: z.boolean(),
  executable: z.literal(EXECUTABLE),
  info: z.object({
    description: z.string().min(1),
    author: z.object({ name: z.string().min(1) }),
    keywords: z.array(z.string().min(1)).min(1),
    logos: z.object({ small: z.string().min(1), large: z.string().min(1) }),
    links: z.array(z.object({ name: z.string().min(1), url: z.url({ protocol: /^https$/ }) })).min(1),
    screenshots: z.array(z.object({ name: z.string().min(1), path: z.string().min(1) })).min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  dependencies: z.object({
    grafanaDependency: z.string().regex(/^>=(\d+)\.(\d+)\.(\d+)$/),
    plugins: z.array(z.unknown()),
  }),
});

describe('plugin.json and the files it names (metadata, metadatapaths, logos, screenshots, version)', () => {
  const plugin = () => pluginJsonSchema.parse(JSON.parse(read('plugin.json')));

  it('satisfies the schema, with the id ending in its type', () => {
    const p = plugin();
    expect(p.id).toBe(ID);
    expect(p.id.endsWith(`-${p.type}`)).toBe(true);
  });

  it('names logos and screenshots that are in the archive: SVG without scripts, real PNGs', () => {
    const p = plugin();
    for (const logo of [p.info.logos.small, p.info.logos.large]) {
      const svg = read(logo);
      expect(svg).toMatch(/^<svg[\s>]/);
      expect(svg).not.toMatch(/<script|\son\w+=|javascript:/i);
    }
    for (const shot of p.info.screenshots) {
      const bytes = run('unzip', ['-p', zipPath, `${ID}/${shot.path}`]);
      expect(bytes.slice(1, 4)).toBe('PNG');
    }
  });

  it("carries package.json's version, and a grafanaDependency matching the pinned @grafana packages and React 18.3", () => {
    const p = plugin();
    expect(p.info.version).toBe(pkg.version);
    const [, major, minor] = /^>=(\d+)\.(\d+)\./.exec(p.dependencies.grafanaDependency) as unknown as string[];
    for (const name of ['data', 'ui', 'runtime', 'schema', 'i18n']) {
      // Pinned exactly, on the minor line grafanaDependency starts at.
      expect(pkg.devDependencies[`@grafana/${name}`]).toMatch(new RegExp(`^${major}\\.${minor}\\.\\d+$`));
    }
    expect(pkg.devDependencies.react).toMatch(/^18\.3\.\d+$/);
    expect(pkg.devDependencies['react-dom']).toBe(pkg.devDependencies.react);
  });
});

describe('README, CHANGELOG and LICENSE (readme, templatereadme, changelog, license)', () => {
  it('ships a README of its own, not the create-plugin template', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/^# Sieve/);
    expect(readme).not.toMatch(/create-plugin|This template|Getting started with development/i);
    expect(readme).not.toMatch(/%VERSION%|%TODAY%|%PLUGIN_ID%/);
  });

  it('has a CHANGELOG entry for this version', () => {
    expect(read('CHANGELOG.md')).toContain(`## ${pkg.version}`);
  });

  it('is licensed under Apache-2.0, as package.json says', () => {
    expect(read('LICENSE')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });
});
