import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePrometheusDuration } from '@sieve/otel-instrumentation/catalog';
import { WORKSPACE } from '../backend/build/paths.ts';
import { parseSettings } from '../backend/src/datasource/settings.ts';
import { instanceSettings } from './datasource/handlerRequests.ts';

/**
 * Docker cannot run in CI here, so the compose stack is checked against what the protocol doc
 * requires of it (§6 unsigned loading, §8.3 glibc image) and against the files it mounts.
 */
const root = join(WORKSPACE, '..');
const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const pluginJson = JSON.parse(readFileSync(join(WORKSPACE, 'src', 'plugin.json'), 'utf8')) as { id: string };

describe('docker-compose.yml', () => {
  it('runs the Ubuntu (glibc) Grafana image, which can execute the SEA', () => {
    expect(compose).toMatch(/image: grafana\/grafana:[\d.]+-ubuntu/);
  });

  it('allows the unsigned plugin by its id and mounts dist/ under that id', () => {
    expect(compose).toContain(`GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS: ${pluginJson.id}`);
    expect(compose).toContain(`./grafana-plugin/dist:/var/lib/grafana/plugins/${pluginJson.id}`);
  });

  it('mounts only files that exist in the repository (besides the built dist/)', () => {
    const mounts = [...compose.matchAll(/- \.\/([^:\s]+):/g)]
      .map((m) => m[1]!)
      .filter((p) => p !== 'grafana-plugin/dist');
    expect(mounts.length).toBeGreaterThan(3);
    for (const mount of mounts) expect([mount, existsSync(join(root, mount))]).toEqual([mount, true]);
  });

  it('provisions the Sieve datasource with the plugin id and the uid the alert rules use', () => {
    // Provisioning lives at the top level (provisioning/); dashboards/test/provisioning.test.ts checks it in full.
    const provisioning = readFileSync(join(root, 'provisioning', 'datasources', 'sieve.yaml'), 'utf8');
    expect(provisioning).toMatch(new RegExp(`uid: sieve-datamining\\n\\s+type: ${pluginJson.id}`));
  });

  it("gives both Prometheus-reading datasources the compose Prometheus' scrape interval", () => {
    const provisioning = readFileSync(join(root, 'provisioning', 'datasources', 'sieve.yaml'), 'utf8');
    const prometheus = readFileSync(join(root, 'demo', 'compose', 'prometheus.yml'), 'utf8');
    const scrape = /^global:\n(?:\s+.*\n)*?\s+scrape_interval: (\S+)$/m.exec(prometheus)?.[1];
    expect(scrape).toMatch(/^\d+[smh]$/);
    const sieve = provisioning.slice(provisioning.indexOf('uid: sieve-datamining'));
    const timeInterval = (text: string) => /^\s+timeInterval: (\S+)$/m.exec(text)?.[1];
    expect(timeInterval(sieve)).toBe(scrape);
    expect(timeInterval(provisioning.slice(provisioning.indexOf('uid: sieve-prometheus')))).toBe(scrape);
    expect(
      parseSettings(instanceSettings('http://prometheus:9090', { jsonData: { timeInterval: scrape } })).scrapeIntervalMs
    ).toBe(parsePrometheusDuration(scrape as string));
  });
});
