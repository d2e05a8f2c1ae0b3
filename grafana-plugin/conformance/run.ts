import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackfilledPrometheus } from '@sieve/testkit';
import { DIST } from '../backend/build/paths.ts';
import { ensureBuilt } from '../test/harness/build.ts';
import { CASES } from './cases.ts';
import { metricPlaceholders, openMetrics } from './fixture.ts';

/**
 * `npm run conformance -w grafana-plugin [-- <go test flags, e.g. -update -v -run Drift>]`:
 * builds dist/ if stale, backfills the fixture into a real Prometheus, then runs the Go suite,
 * which launches the executable through hashicorp/go-plugin as Grafana does and reads every
 * answer with grafana-plugin-sdk-go.
 */
const HERE = import.meta.dirname;

/** The Go version the suite needs: go.mod's `go` line (what the SDK requires). */
function requiredGo(): string {
  const match = /^go (\S+)$/m.exec(readFileSync(join(HERE, 'go.mod'), 'utf8'));
  if (!match) throw new Error('conformance/go.mod has no go directive');
  return match[1] as string;
}

function versionAtLeast(have: string, want: string): boolean {
  const parts = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const [a, b] = [parts(have), parts(want)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Stops with a message naming the version; a failure in CI, a skip elsewhere. */
function checkGo(): boolean {
  const want = requiredGo();
  const probe = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: goEnv() });
  const have = probe.status === 0 ? probe.stdout.trim().replace(/^go/, '') : undefined;
  if (have !== undefined && versionAtLeast(have, want)) return true;
  const found = have === undefined ? 'no `go` on PATH' : `found Go ${have}`;
  const message = `conformance: needs Go >= ${want} (https://go.dev/dl/); ${found}.`;
  if (process.env.CI === 'true') {
    process.stderr.write(`${message} CI=true: failing.\n`);
    process.exit(1);
  }
  process.stderr.write(`${message} Skipping the Go conformance suite (it is required when CI=true).\n`);
  return false;
}

/** The toolchain on PATH, never a downloaded one; the module graph exactly as committed. */
function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly', ...extra };
}

async function main(): Promise<number> {
  if (!checkGo()) return 0;
  const started = Date.now();
  const [executable, prometheus] = await Promise.all([ensureBuilt(), startBackfilledPrometheus(openMetrics)]);
  const work = mkdtempSync(join(tmpdir(), 'sieve-conformance-'));
  try {
    const config = join(work, 'conformance.json');
    writeFileSync(
      config,
      JSON.stringify({
        executable,
        dist: DIST,
        prometheusUrl: prometheus.url,
        placeholders: metricPlaceholders(),
        cases: CASES,
      })
    );
    process.stderr.write(`conformance: fixture ready in ${((Date.now() - started) / 1000).toFixed(1)} s; go test\n`);
    const code = await new Promise<number>((resolve) => {
      const go = spawn('go', ['test', '-count=1', ...process.argv.slice(2), './...'], {
        cwd: HERE,
        stdio: 'inherit',
        env: goEnv({ SIEVE_CONFORMANCE: config }),
      });
      go.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    process.stderr.write(`conformance: finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return code;
  } finally {
    await prometheus.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `conformance failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    );
    process.exit(1);
  }
);
