import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseSpec, timeScale } from '@sieve/rules';
import { requireBinary, tempDir } from '@sieve/testkit';
import { execFileSync } from 'node:child_process';
import { composeFiles, CONTAINER_RULES } from '../src/compose/composeFiles.ts';
import { COMPOSE_DIR, SERVICES, serviceUrl } from '../src/compose/services.ts';
import { DEFAULT_SPEC, REPO } from '../src/stack/stack.ts';
import { RECEIVER_PATH_BY_KIND } from '../src/stack/receiverPaths.ts';
import { JOBS } from '../src/names.ts';

/** There is no Docker engine here: docker-compose.yml is checked statically, against the files it mounts. */

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const spec = parseSpec(readFileSync(DEFAULT_SPEC, 'utf8'), DEFAULT_SPEC);
const plugin = JSON.parse(readFileSync(join(REPO, 'grafana-plugin', 'src', 'plugin.json'), 'utf8')) as {
  id: string;
  dependencies: { grafanaDependency: string };
};
const pluginId = plugin.id;
/** `1.2.3` → a number that orders versions (each part below 1000). */
const versionRank = (v: string): number => v.split('.').reduce((rank, part) => rank * 1000 + Number(part), 0);
/** Mounted build outputs: not in a fresh clone, made by this script. */
const BUILT = { 'grafana-plugin/dist': ['grafana-plugin', 'build'] } as const;

const svc = (name: string): Service => services[name] ?? ({} as Service);
/** Bind mounts of a service: host path (relative to the repo) → container path. */
const binds = (name: string) =>
  (svc(name).volumes ?? [])
    .filter((v) => v.startsWith('./'))
    .map((v) => {
      const [host, container] = v.split(':') as [string, string];
      return { host: host.slice(2), container };
    });
const mountedAt = (name: string, container: string) => binds(name).find((b) => b.container === container)?.host;
const PINNED = /^[\w./-]+:v?\d+\.\d+\.\d+(-[\w.-]+)?$/;

describe('docker-compose.yml', () => {
  it('has exactly the stack services, each with a health check', () => {
    expect(Object.keys(services).sort()).toEqual(
      Object.values(SERVICES)
        .map((s) => s.name)
        .sort()
    );
    for (const [name, s] of Object.entries(services))
      expect([name, s.healthcheck?.test.length]).toEqual([name, expect.any(Number)]);
  });

  it('pins every image, and the base image of what it builds', () => {
    for (const [name, s] of Object.entries(services))
      expect([name, s.image]).toEqual([name, expect.stringMatching(PINNED)]);
    for (const s of Object.values(services).filter((x) => x.build)) {
      const dockerfile = readFileSync(join(REPO, s.build?.context ?? '.', s.build?.dockerfile ?? ''), 'utf8');
      const from = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
      expect(from.length).toBeGreaterThan(0);
      for (const image of from) expect(image).toMatch(PINNED);
    }
  });

  it('mounts only paths that exist (build outputs: made by their build script)', () => {
    const all = Object.keys(services).flatMap(binds);
    expect(all.length).toBeGreaterThan(5);
    for (const { host } of all) {
      const built = BUILT[host as keyof typeof BUILT];
      if (built) {
        const pkg = JSON.parse(readFileSync(join(REPO, built[0], 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        };
        expect(pkg.scripts[built[1]]).toEqual(expect.any(String));
      } else expect([host, existsSync(join(REPO, host))]).toEqual([host, true]);
    }
  });

  it('runs the Ubuntu Grafana with the plugin unsigned-allowed, provisioning/ and the dashboards mounted', () => {
    const g = svc(SERVICES.grafana.name);
    expect(g.image).toMatch(/^grafana\/grafana:[\d.]+-ubuntu$/);
    // The image must satisfy the plugin's own `grafanaDependency: ">=X.Y.Z"`.
    const image = /:(\d+\.\d+\.\d+)-/.exec(g.image ?? '')?.[1] ?? '0.0.0';
    const needed = /^>=(\d+\.\d+\.\d+)$/.exec(plugin.dependencies.grafanaDependency)?.[1] ?? '?';
    expect(versionRank(image)).toBeGreaterThanOrEqual(versionRank(needed));
    expect(g.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(pluginId);
    expect(mountedAt(SERVICES.grafana.name, `/var/lib/grafana/plugins/${pluginId}`)).toBe('grafana-plugin/dist');
    expect(mountedAt(SERVICES.grafana.name, '/etc/grafana/provisioning')).toBe('provisioning');
    const provider = parse(readFileSync(join(REPO, 'provisioning', 'dashboards', 'sieve.yaml'), 'utf8')) as {
      providers: Array<{ options: { path: string } }>;
    };
    const dashboards = mountedAt(SERVICES.grafana.name, provider.providers[0]?.options.path ?? '?');
    expect(dashboards).toBe('dashboards/generated');
    expect(readdirSync(join(REPO, dashboards as string)).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it('points every provisioned datasource and contact point at a compose service on its port', () => {
    const ds = parse(readFileSync(join(REPO, 'provisioning', 'datasources', 'sieve.yaml'), 'utf8')) as {
      datasources: Array<{ uid: string; url: string }>;
    };
    const known = [serviceUrl(SERVICES.prometheus), serviceUrl(SERVICES.alertmanager)];
    for (const d of ds.datasources) expect([d.uid, known.includes(d.url)]).toEqual([d.uid, true]);
    expect(svc(SERVICES.grafana.name).environment?.SIEVE_ALERTMANAGER_URL).toBe(serviceUrl(SERVICES.alertmanager));
  });

  it('publishes each service on the port the others reach it by', () => {
    for (const s of Object.values(SERVICES)) {
      expect(svc(s.name).ports).toContain(`${s.port}:${s.port}`);
    }
    expect(svc(SERVICES.demo.name).ports).toContain(`${SERVICES.demo.metricsPort}:${SERVICES.demo.metricsPort}`);
    const env = svc(SERVICES.demo.name).environment ?? {};
    expect(env).toMatchObject({
      SIEVE_DEMO_API_PORT: String(SERVICES.demo.port),
      SIEVE_DEMO_METRICS_PORT: String(SERVICES.demo.metricsPort),
      SIEVE_DEMO_PUSHGATEWAY_URL: serviceUrl(SERVICES.pushgateway),
    });
  });

  it('mounts the generated compose configs, and they are current', () => {
    const files = composeFiles(spec);
    const mounted = {
      'prometheus.yml': mountedAt(SERVICES.prometheus.name, '/etc/prometheus/prometheus.yml'),
      'alertmanager.yml': mountedAt(SERVICES.alertmanager.name, '/etc/alertmanager/alertmanager.yml'),
    };
    for (const [name, host] of Object.entries(mounted)) {
      expect(host).toBe(`${COMPOSE_DIR}/${name}`);
      const committed = readFileSync(join(REPO, host as string), 'utf8');
      if (committed !== files[name]) throw new Error(`${host} is stale: run \`npm run compose -w demo\``);
    }
  });

  it('scrapes the demo and the Pushgateway by service name, and alerts the alertmanager service', () => {
    const prom = parse(composeFiles(spec)['prometheus.yml'] as string) as {
      alerting: { alertmanagers: Array<{ static_configs: Array<{ targets: string[] }> }> };
      scrape_configs: Array<{ job_name: string; honor_labels?: boolean; static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = Object.fromEntries(prom.scrape_configs.map((j) => [j.job_name, j.static_configs[0]?.targets]));
    expect(targets).toEqual({
      [JOBS.model]: [`${SERVICES.demo.name}:${SERVICES.demo.metricsPort}`],
      [JOBS.pushgateway]: [`${SERVICES.pushgateway.name}:${SERVICES.pushgateway.port}`],
    });
    expect(prom.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual([
      `${SERVICES.alertmanager.name}:${SERVICES.alertmanager.port}`,
    ]);
  });

  it('loads rule files that promtool accepts, and all of them', () => {
    const promtool = requireBinary('promtool');
    // File mounts into the rules directory, or the directory itself (expanded to its .yml files).
    const rules = binds(SERVICES.prometheus.name).flatMap((b) =>
      b.container === CONTAINER_RULES
        ? readdirSync(join(REPO, b.host))
            .filter((f) => f.endsWith('.yml'))
            .map((f) => ({ host: `${b.host}/${f}`, container: `${CONTAINER_RULES}/${f}` }))
        : b.container.startsWith(`${CONTAINER_RULES}/`)
          ? [b]
          : []
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r.container).toMatch(/\.yml$/);
    execFileSync(promtool, ['check', 'rules', ...rules.map((r) => join(REPO, r.host))], { stdio: 'pipe' });
    // Every Prometheus rule file rules/ generates is mounted (the Grafana one is not a Prometheus file).
    const ownDir = join(REPO, 'rules', 'generated', 'prometheus');
    const generated = existsSync(ownDir)
      ? readdirSync(ownDir).filter((f) => f.endsWith('.yml'))
      : readdirSync(join(REPO, 'rules', 'generated')).filter((f) => f.endsWith('.yml') && !f.startsWith('grafana'));
    expect(rules.map((r) => r.host.split('/').pop()).sort()).toEqual(generated.sort());
  });

  it('routes pages and tickets to the receiver service, in a config amtool accepts', () => {
    const text = composeFiles(spec)['alertmanager.yml'] as string;
    const am = parse(text) as { receivers: Array<{ name: string; webhook_configs?: Array<{ url: string }> }> };
    const urls = am.receivers.flatMap((r) => (r.webhook_configs ?? []).map((w) => w.url)).sort();
    const base = serviceUrl(SERVICES.receiver);
    expect(urls).toEqual([`${base}${RECEIVER_PATH_BY_KIND.pager}`, `${base}${RECEIVER_PATH_BY_KIND.ticket}`].sort());
    const file = join(tempDir('compose-am'), 'alertmanager.yml');
    writeFileSync(file, text);
    execFileSync(requireBinary('amtool'), ['check-config', file], { stdio: 'pipe' });
  });

  it('keeps Prometheus data a day longer than the longest SLO period', () => {
    const flag = svc(SERVICES.prometheus.name).command?.find((c) => c.startsWith('--storage.tsdb.retention.time='));
    const retention = timeScale(1).seconds((flag ?? '=0s').split('=')[1] as string);
    const longest = Math.max(...spec.slos.map((s) => timeScale(1).seconds(s.period)));
    expect(retention).toBeGreaterThanOrEqual(longest + 86_400);
    expect(mountedAt(SERVICES.prometheus.name, '/prometheus')).toBeUndefined(); // a named volume, not a bind
    expect(svc(SERVICES.prometheus.name).volumes).toContain('prometheus-data:/prometheus');
  });

  it('holds no secrets', () => {
    const text = readFileSync(join(REPO, 'docker-compose.yml'), 'utf8');
    for (const s of Object.values(services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|SECRET|TOKEN|API_?KEY|CREDENTIAL/i.test(key)) expect([key, value]).toEqual([key, '']);
      }
    }
    expect(text).not.toMatch(/GF_SECURITY_ADMIN_PASSWORD|BEGIN [A-Z ]*PRIVATE KEY|(?:password|token)\s*[:=]\s*\S/i);
  });
});
