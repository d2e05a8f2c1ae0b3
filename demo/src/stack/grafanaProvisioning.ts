import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where provisioning/ points in docker compose, and where the native stack has the same thing. */
export interface ProvisioningTargets {
  prometheusUrl: string;
  alertmanagerUrl: string;
  dashboardsDir: string;
  /** The stack's Prometheus scrape interval, for the datasources' `timeInterval` ($__rate_interval). */
  scrapeInterval: string;
}

/** The compose-side values in provisioning/ (service names, the dashboards mount, the scrape interval). */
export const COMPOSE_ADDRESSES = {
  prometheusUrl: 'http://prometheus:9090',
  alertmanagerUrl: 'http://alertmanager:9093',
  dashboardsDir: '/var/lib/grafana/dashboards/sieve',
  scrapeInterval: 'timeInterval: 15s',
} as const;

/**
 * Copies provisioning/ to `to`, with the compose service addresses (and scrape interval) replaced by the native ones:
 * one set of provisioning files serves docker compose and `npm start`.
 */
export function nativeProvisioning(from: string, to: string, targets: ProvisioningTargets): void {
  cpSync(from, to, { recursive: true, dereference: true });
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  for (const file of walk(to).filter((f) => /\.ya?ml$/.test(f))) {
    let text = readFileSync(file, 'utf8');
    for (const key of Object.keys(COMPOSE_ADDRESSES) as Array<keyof ProvisioningTargets>) {
      const value = key === 'scrapeInterval' ? `timeInterval: ${targets.scrapeInterval}` : targets[key];
      text = text.replaceAll(COMPOSE_ADDRESSES[key], value);
    }
    writeFileSync(file, text);
  }
}
