import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  credentials,
  type Client,
  makeGenericClientConstructor,
  status as GrpcStatus,
  type ServiceError,
} from '@grpc/grpc-js';
import { DIST } from '../backend/build/paths.ts';
import {
  builtExecutable,
  ensureBuilt,
  grafanaEnvironment,
  grpcTarget,
  launchPlugin,
  type PluginUnderTest,
} from './harness/index.ts';

/**
 * The go-plugin and pluginv2 contract, checked through the built executable launched exactly as
 * Grafana launches it. Query semantics belong to the datasource tests; here the datasource's
 * answers for unknown query types and invalid JSON serve as per-query errors.
 */
const SECRET = 'sieve-test-secret-4f2a9c';
const settings = { url: 'http://127.0.0.1:9', secureJsonData: { bearerToken: SECRET } };
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);

let plugin: PluginUnderTest;

beforeAll(async () => {
  await ensureBuilt();
  plugin = await launchPlugin();
}, 180_000);

afterAll(async () => {
  await plugin?.kill();
});

function expectHclogLines(lines: readonly string[]): void {
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(LEVELS.has(entry['@level'] as string)).toBe(true);
    expect(typeof entry['@message']).toBe('string');
    // go-plugin's layout "2006-01-02T15:04:05.000000Z07:00": exactly six fractional digits.
    expect(entry['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  }
}

describe('startup', () => {
  it('prints the handshake as the first stdout line and nothing after it', () => {
    // A Unix socket in an owner-only directory by default (the harness checks the mode).
    expect(plugin.handshakeLine).toMatch(/^1\|2\|unix\|\/[^|]+\/plugin\.sock\|grpc$/);
    expect(plugin.stdoutLines()).toEqual([]);
  });

  it('prints the handshake only once the gRPC server accepts calls', async () => {
    const own = await launchPlugin();
    // No retry and no wait-for-ready: the very first call must find the port bound.
    expect(await own.healthCheck()).toBe('SERVING');
    await own.kill();
  });

  it('exits non-zero without the magic cookie, explaining that Grafana launches it, with empty stdout', async () => {
    const child = spawn(builtExecutable(), [], {
      cwd: '/',
      env: grafanaEnvironment({ grafana_plugin_type: undefined }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Grafana launches it/);
  });

  it('refuses a host that asks for AutoMTLS', async () => {
    await expect(launchPlugin({ env: { PLUGIN_CLIENT_CERT: 'pem' } })).rejects.toThrow(
      /before the handshake[\s\S]*AutoMTLS/
    );
  });

  it('also runs as a plain Node script for development', async () => {
    const script = await launchPlugin({ mode: 'script' });
    expect(await script.healthCheck()).toBe('SERVING');
    expect((await script.shutdown()).code).toBe(0);
  });
});

describe('go-plugin services', () => {
  it('answers SERVING for the server and for "plugin", NOT_FOUND for unknown services', async () => {
    expect(await plugin.healthCheck('')).toBe('SERVING');
    expect(await plugin.healthCheck('plugin')).toBe('SERVING');
    await expect(plugin.healthCheck('nope')).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
  });

  it('ignores SIGINT', async () => {
    const own = await launchPlugin();
    own.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    expect(own.child.exitCode).toBeNull();
    expect(await own.healthCheck()).toBe('SERVING');
    await own.kill();
  });

  it('exits 0 on GRPCController.Shutdown within go-plugin’s 2 s', async () => {
    const own = await launchPlugin();
    expect(await own.shutdown()).toEqual({ code: 0, signal: null, forced: false });
    expectHclogLines(own.stderrLines());
  });

  it('removes its socket directory when it exits on GRPCController.Shutdown or SIGTERM', async () => {
    for (const stop of [(p: PluginUnderTest) => p.shutdown(), (p: PluginUnderTest) => p.kill('SIGTERM')]) {
      const own = await launchPlugin();
      const dir = dirname(own.handshake.address);
      expect(existsSync(dir)).toBe(true);
      await stop(own);
      expect(own.child.exitCode).toBe(0); // exited itself: the directory is the plugin's to remove
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('starts again after being killed, as Grafana restarts a crashed plugin', async () => {
    const first = await launchPlugin();
    await first.kill('SIGKILL');
    // A killed plugin cannot remove its socket directory; the harness does, or /tmp fills with them.
    expect(existsSync(dirname(first.handshake.address))).toBe(false);
    const second = await launchPlugin();
    expect(second.handshake.address).not.toBe('');
    expect(await second.healthCheck()).toBe('SERVING');
    const res = await second.queryData([{ refId: 'A', queryType: 'no-such-type' }], { settings });
    expect(res.A!.status).toBe(400);
    await second.shutdown();
  });

  it('survives undecodable request bytes', async () => {
    const RawData = makeGenericClientConstructor(
      {
        QueryData: {
          path: '/pluginv2.Data/QueryData',
          requestStream: false,
          responseStream: false,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b,
          responseDeserialize: (b: Buffer) => b,
        },
      },
      'RawData'
    );
    const raw: Client = new RawData(grpcTarget(plugin.handshake), credentials.createInsecure());
    const error = await new Promise<ServiceError | null>((resolve) =>
      (raw as unknown as { QueryData(b: Buffer, cb: (e: ServiceError | null) => void): void }).QueryData(
        Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01]),
        resolve
      )
    );
    raw.close();
    expect(error?.code).toBe(GrpcStatus.INTERNAL);
    expect(await plugin.healthCheck()).toBe('SERVING');
  });
});

describe('Data.QueryData', () => {
  it('gives each failing query its own error while the other queries keep their own responses', async () => {
    const res = await plugin.queryData(
      [
        { refId: 'unknown', queryType: 'no-such-type' },
        { refId: 'invalid', queryType: 'drift', json: '{"not json' },
        { refId: 'unreachable', queryType: 'drift', json: { feature: 'age' } },
      ],
      { settings }
    );
    expect(Object.keys(res).sort()).toEqual(['invalid', 'unknown', 'unreachable']);
    expect(res.unknown).toMatchObject({ status: 400, errorSource: 'plugin', frames: [] });
    expect(res.unknown!.error).toMatch(/queryType/);
    expect(res.invalid).toMatchObject({ status: 400, errorSource: 'plugin' });
    expect(res.unreachable).toMatchObject({ status: 502, errorSource: 'downstream', frames: [] });
  });

  it('completes 200 concurrent calls, each with its own answers', async () => {
    const calls = Array.from({ length: 200 }, (_, i) =>
      plugin.queryData(
        [
          { refId: `unknown-${i}`, queryType: `type-${i}` },
          { refId: `invalid-${i}`, queryType: 'drift', json: '[' },
        ],
        { settings }
      )
    );
    const results = await Promise.all(calls);
    results.forEach((res, i) => {
      expect(Object.keys(res).sort()).toEqual([`invalid-${i}`, `unknown-${i}`]);
      expect(res[`unknown-${i}`]!.error).toContain(`type-${i}`);
      expect(res[`invalid-${i}`]!.status).toBe(400);
    });
    expect(await plugin.healthCheck()).toBe('SERVING');
  });

  it('answers an empty request with no responses', async () => {
    expect(await plugin.queryData([], { settings })).toEqual({});
  });

  it('accepts alert-style requests (FromAlert, no user)', async () => {
    const res = await plugin.queryData([{ refId: 'A', queryType: 'no-such-type' }], { settings, fromAlert: true });
    expect(res.A!.status).toBe(400);
  });

  it('keeps secrets out of responses and logs', async () => {
    const headers = { Authorization: `Bearer ${SECRET}` };
    const res = await plugin.queryDataRaw(
      [
        { refId: 'A', queryType: 'drift', json: { feature: 'age' } },
        { refId: 'B', queryType: SECRET },
      ],
      { settings, headers }
    );
    await plugin.checkHealth(settings, headers);
    await plugin.callResource('features', settings);
    expect(JSON.stringify(res)).not.toContain(SECRET);
    expect(plugin.stderrLines().join('\n')).not.toContain(SECRET);
  });
});

describe('Diagnostics', () => {
  it('CheckHealth says which failure it hit, with JSON-object details', async () => {
    // The harness throws unless jsonDetails is empty or a JSON object (Grafana answers 500 otherwise).
    const health = await plugin.checkHealth(settings);
    expect(health.status).toBe('ERROR');
    expect(health.message).toMatch(/^Prometheus at http:\/\/127\.0\.0\.1:9 is unreachable/);
    expect(health.details).toEqual({ failure: 'unreachable' });
  });

  it('CollectMetrics returns the process metrics in the Prometheus text format', async () => {
    const text = await plugin.collectMetrics();
    const samples = new Map<string, number>();
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('#')) {
        expect(line).toMatch(/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/);
        continue;
      }
      const [name, value] = line.split(' ');
      samples.set(name!, Number(value));
    }
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(1e6);
    expect(samples.get('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(samples.get('process_start_time_seconds')).toBeLessThanOrEqual(Date.now() / 1000);
  });
});

describe('Resource.CallResource', () => {
  it('sends a real code and Content-Type in the first message', async () => {
    const res = await plugin.callResource('no/such/resource', settings);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.messages[0]!.code).toBe(res.status);
    expect(Object.keys(res.headers).map((k) => k.toLowerCase())).toContain('content-type');
  });
});

describe('stderr', () => {
  it('is hclog JSON lines only', () => {
    expect(plugin.stderrLines().length).toBeGreaterThan(0);
    expectHclogLines(plugin.stderrLines());
  });
});

describe('packaging', () => {
  it('writes plugin.json with what Grafana needs to launch a backend datasource for alerting', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      id: 'sieve-datamining-datasource',
      type: 'datasource',
      backend: true,
      alerting: true,
      metrics: true,
      executable: 'gpx_sieve_datamining',
      dependencies: { grafanaDependency: expect.stringMatching(/^>=/) },
      info: { version: expect.stringMatching(/^\d+\.\d+\.\d+/), updated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
  });

  it('builds an arm64 SEA: an aarch64 ELF with the SEA fuse flipped', () => {
    const binary = readFileSync(join(DIST, 'gpx_sieve_datamining_linux_arm64'));
    expect(binary.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(binary.readUInt16LE(18)).toBe(0xb7); // e_machine: EM_AARCH64
    expect(binary.includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1')).toBe(true);
    expect(binary.includes('NODE_SEA_BLOB')).toBe(true);
  });
});
