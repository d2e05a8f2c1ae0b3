import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, tempDir } from '@sieve/testkit';

/**
 * What a user outside this repository gets: the packages packed with `npm pack` (which builds
 * them), installed into a scratch project with a plain `npm install` from the tarballs, then run
 * on the oldest Node each package's `engines` admits and on the newest 24: an instrumented batch
 * job that exits, an import of the dependency-free catalog, and the rules and dashboards CLIs. The environment is scrubbed of the repository's
 * `sieve-source` export condition, so only the compiled JavaScript can load.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['scoring', 'otel-instrumentation', 'rules', 'dashboards'] as const;
const LATEST = '24';

/** The oldest Node version a package's `engines.node` (">=X[.Y[.Z]]") admits, as X.Y.Z. */
function oldestNode(pkg: (typeof PACKAGES)[number]): string {
  const manifest = JSON.parse(readFileSync(join(REPO, pkg, 'package.json'), 'utf8')) as { engines: { node: string } };
  const m = /^>=(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(manifest.engines.node);
  if (!m) throw new Error(`${pkg}: engines.node "${manifest.engines.node}" is not of the form >=X.Y.Z`);
  return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
}
const byVersion = (a: string, b: string): number => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  return (x ?? []).reduce((d, n, i) => d || n - ((y ?? [])[i] ?? 0), 0);
};
/** What each run needs: the job loads the instrumentation and scoring; each CLI its own package. */
const OLDEST = {
  job: [oldestNode('otel-instrumentation'), oldestNode('scoring')].sort(byVersion).at(-1) as string,
  dashboards: oldestNode('dashboards'),
  rules: oldestNode('rules'),
  scoring: oldestNode('scoring'),
};

/** The caller's environment without the repository's: no NODE_OPTIONS, no npm_* from the calling npm. */
function userEnv(extraPath = ''): NodeJS.ProcessEnv {
  const npmBin = join(REPO, 'node_modules', '.bin');
  const path = [extraPath, ...(process.env.PATH ?? '').split(':').filter((p) => p !== npmBin)].filter(Boolean);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && !key.toLowerCase().startsWith('npm_'))
  );
  return { ...env, PATH: path.join(':') };
}

function sh(command: string, args: readonly string[], cwd: string, env = userEnv()): string {
  try {
    return execFileSync(command, [...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? String(error)}`, {
      cause: error,
    });
  }
}

/** The directory holding a `node` of that version (or newest of a major), from the npm registry's `node-linux-<arch>`. */
function nodeBinDir(version: string, tools: string): string {
  const dir = join(tools, `node${version}`);
  sh(
    'npm',
    ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', `node-linux-${process.arch}@${version}`],
    tools
  );
  return join(dir, 'node_modules', `node-linux-${process.arch}`, 'bin');
}

const JOB = `
import { loadBaseline, saveBaseline, startSieve } from '@sieve/otel-instrumentation';
import { METRICS } from '@sieve/otel-instrumentation/catalog';
import { psi } from '@sieve/scoring';

const port = Number(process.argv[2]);
saveBaseline('profiles/x.json', { baseline: [1, 2, 3, 4] });
const sieve = startSieve({ serviceName: 'packed-job', prometheus: { host: '127.0.0.1', port } });
await sieve.ready();
sieve.feature('x', { baseline: loadBaseline('profiles/x.json') });
const etl = sieve.pipeline('packed_etl');
await etl.run((run) => { run.rowsRead(3); run.rowsWritten(3); });
const text = await (await fetch(sieve.metricsUrl)).text();
await sieve.shutdown();
console.log(JSON.stringify({
  node: process.versions.node,
  runsExported: text.includes(METRICS.pipelineRuns.prometheus.name + '{'),
  profileLoaded: text.includes(METRICS.featureBaselineSamples.prometheus.name + '{feature="x"} 4'),
  psi: psi([1, 2, 3], [1, 2, 3]),
}));
`;

/** The spec the rules tarball ships, and the dashboard JSON the dashboards tarball ships for it. */
const SHIPPED_SPEC = 'node_modules/@sieve/rules/slos.yaml';
const SHIPPED_DASHBOARDS = (): string[] =>
  readdirSync(join(project, 'node_modules', '@sieve', 'dashboards', 'generated')).sort();

let project: string;
let nodeDirs: Map<string, string>;

beforeAll(() => {
  const work = tempDir('packed');
  const tarballs = join(work, 'tarballs');
  project = join(work, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);
  sh('npm', ['pack', ...PACKAGES.flatMap((p) => ['-w', p]), '--pack-destination', tarballs, '--silent'], REPO);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-job', private: true, type: 'module' }));
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  sh('npm', ['install', '--no-audit', '--no-fund', ...files, '@opentelemetry/api@^1.9'], project);
  writeFileSync(join(project, 'job.mjs'), JOB);
  const versions = new Set([...Object.values(OLDEST), LATEST]);
  nodeDirs = new Map([...versions].map((v) => [v, nodeBinDir(v, work)]));
}, 600_000);

it('every tarball ships compiled JavaScript with types, and no TypeScript sources', () => {
  for (const name of PACKAGES) {
    const root = join(project, 'node_modules', '@sieve', name);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { private?: boolean };
    expect(manifest.private).toBeUndefined();
    expect(existsSync(join(root, 'src'))).toBe(false);
    const dist = readdirSync(join(root, 'dist'), { recursive: true }).map(String);
    expect(dist.some((f) => f.endsWith('.d.ts'))).toBe(true);
    expect(dist.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  }
});

const TYPED_USER = `
import { loadBaseline, startSieve, type FeatureHandle, type PipelineHandle } from '@sieve/otel-instrumentation';
import { METRICS } from '@sieve/otel-instrumentation/catalog';
import { psi } from '@sieve/scoring';
import { parseSpec } from '@sieve/rules';
const sieve = startSieve({ serviceName: 'typed' });
const pipeline: PipelineHandle = sieve.pipeline('typed_etl');
const feature: FeatureHandle = sieve.feature('typed', { kind: 'categorical', baseline: loadBaseline('c.json') });
const name: string = METRICS.pipelineRuns.prometheus.name;
const score: number = psi([1], [1]);
export { pipeline, feature, name, score, parseSpec };
`;

it('the shipped declarations type-check for a TypeScript user (nodenext, no source condition)', () => {
  writeFileSync(join(project, 'user.ts'), TYPED_USER);
  const options = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', noEmit: true, types: [] };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['user.ts'] }));
  const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  expect(sh(join(nodeDirs.get(LATEST) ?? '', 'node'), [tsc, '-p', '.'], project)).toBe('');
});

describe.each(['oldest', 'latest'] as const)('installed from tarballs, on the %s Node', (which) => {
  const version = (run: keyof typeof OLDEST): string => (which === 'oldest' ? OLDEST[run] : LATEST);
  const node = (run: keyof typeof OLDEST): string => join(nodeDirs.get(version(run)) ?? '', 'node');

  it('runs an instrumented batch job that exports the catalog names and exits', async () => {
    const out = JSON.parse(sh(node('job'), ['job.mjs', String(await freePort())], project)) as { node: string };
    expect(out).toEqual({ node: out.node, runsExported: true, profileLoaded: true, psi: 0 });
    // The oldest is that exact version; the latest any 24.x.
    expect(which === 'oldest' ? out.node : out.node.split('.')[0]).toBe(version('job'));
  });

  it('imports the dependency-free @sieve/scoring', () => {
    const script = "import('@sieve/scoring').then((m) => console.log(m.psi([1, 2], [1, 2]), process.versions.node))";
    const [value, ran] = sh(node('scoring'), ['--input-type=module', '-e', script], project).trim().split(' ');
    expect(value).toBe('0');
    expect(which === 'oldest' ? ran : ran?.split('.')[0]).toBe(version('scoring'));
  });

  it('runs the dashboards CLI on the shipped spec', () => {
    const bin = join(project, 'node_modules', '@sieve', 'dashboards', 'dist', 'bin', 'sieve-dashboards.js');
    const out = join(project, `dashboards-${which}`);
    sh(node('dashboards'), [bin, 'generate', '--spec', SHIPPED_SPEC, '--out', out], project);
    expect(readdirSync(out).sort()).toEqual(SHIPPED_DASHBOARDS());
  });

  it('runs the rules CLI on the shipped spec', () => {
    const bin = join(project, 'node_modules', '@sieve', 'rules', 'dist', 'bin', 'sieve-rules.js');
    const out = join(project, `rules-${which}`);
    sh(node('rules'), [bin, 'generate', '--spec', 'node_modules/@sieve/rules/slos.yaml', '--out', out], project);
    expect(readdirSync(out, { recursive: true }).some((f) => String(f).endsWith('.yml'))).toBe(true);
  });
});

it("`npx --offline --no-install @sieve/rules generate` (the READMEs' command) runs the installed CLI", () => {
  // --offline: a lookup of any other package name would fail instead of reaching the registry;
  // --no-install: never installs one (alone, it still asks the registry when nothing is installed).
  const out = join(project, 'rules-npx');
  const args = [
    '--offline',
    '--no-install',
    '@sieve/rules',
    'generate',
    '--spec',
    'node_modules/@sieve/rules/slos.yaml',
    '--out',
    out,
  ];
  sh('npx', args, project, userEnv(nodeDirs.get(LATEST)));
  expect(readdirSync(out, { recursive: true }).some((f) => String(f).endsWith('.yml'))).toBe(true);
  // The headers say to run it again the same way, not a bare `npx @sieve/rules` that asks the registry.
  expect(readFileSync(join(out, 'prometheus', 'slo-alerts.yml'), 'utf8').split('\n')[0]).toBe(
    `# Code generated from node_modules/@sieve/rules/slos.yaml by \`npx ${args.join(' ')}\`. DO NOT EDIT:`
  );
  // --version reads the installed package.json from the compiled dist/.
  const { version } = JSON.parse(readFileSync(join(REPO, 'rules', 'package.json'), 'utf8')) as { version: string };
  expect(
    sh('npx', ['--offline', '--no-install', '@sieve/rules', '--version'], project, userEnv(nodeDirs.get(LATEST)))
  ).toBe(`${version}\n`);
});

it("`npx --offline --no-install @sieve/dashboards generate` (the READMEs' command) writes the dashboards JSON", () => {
  const out = join(project, 'dashboards-npx');
  const alerting = join(project, 'alerting-npx');
  const args = ['--offline', '--no-install', '@sieve/dashboards', 'generate', '--spec', SHIPPED_SPEC, '--out', out];
  const printed = sh('npx', [...args, '--alerting', alerting], project, userEnv(nodeDirs.get(LATEST)));
  const shipped = join(project, 'node_modules', '@sieve', 'dashboards', 'generated');
  expect(readdirSync(out).sort()).toEqual(SHIPPED_DASHBOARDS());
  expect(SHIPPED_DASHBOARDS().length).toBeGreaterThan(0);
  for (const file of SHIPPED_DASHBOARDS()) {
    const written = JSON.parse(readFileSync(join(out, file), 'utf8')) as { uid?: string; panels?: unknown[] };
    expect(`${written.uid}.json`).toBe(file);
    expect(written.panels?.length).toBeGreaterThan(0);
    // The shipped spec is the one the shipped JSON was generated from: the same dashboards come out.
    expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(shipped, file), 'utf8'));
  }
  expect(readdirSync(alerting).length).toBe(1);
  // The alerting copy's header names the command that wrote it, as documented (no registry lookup).
  const header = readFileSync(join(alerting, readdirSync(alerting)[0] ?? ''), 'utf8');
  expect(header).toContain(`npx --offline --no-install @sieve/dashboards generate --spec ${SHIPPED_SPEC}`);
  expect(printed).toContain(`wrote ${join(out, SHIPPED_DASHBOARDS()[0] ?? '')}`);
  // --version reads the installed dashboards package.json from the compiled dist/.
  const { version } = JSON.parse(readFileSync(join(REPO, 'dashboards', 'package.json'), 'utf8')) as { version: string };
  expect(
    sh('npx', ['--offline', '--no-install', '@sieve/dashboards', '--version'], project, userEnv(nodeDirs.get(LATEST)))
  ).toBe(`${version}\n`);
});
