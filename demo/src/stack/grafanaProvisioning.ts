import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where provisioning/ points in docker compose, and where the native stack has the same thing. */
export interface ProvisioningTargets {
  prometheusUrl: string;
  alertmanagerUrl: string;
  dashboardsDir: string;
}

/** The compose-side addresses in provisioning/ (service names, the dashboards mount). */
export const COMPOSE_ADDRESSES = {
  prometheusUrl: 'http://prometheus:9090',
  alertmanagerUrl: 'http://alertmanager:9093',
  dashboardsDir: '/var/lib/grafana/dashboards/sieve',
} as const;

/**
 * Copies provisioning/ to `to`, with the compose service addresses replaced by the native ones:
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
      text = text.replaceAll(COMPOSE_ADDRESSES[key], targets[key]);
    }
    writeFileSync(file, text);
  }
}
