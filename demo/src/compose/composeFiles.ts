import { stringify } from 'yaml';
import { alertmanagerConfig, type Spec } from '@sieve/rules';
import { prometheusConfig } from '../stack/prometheusConfig.ts';
import { PRODUCTION } from '../stack/profiles.ts';
import { RECEIVER_PATH_BY_KIND } from '../stack/receiverPaths.ts';
import { serviceUrl, SERVICES } from './services.ts';

/** Where Prometheus finds the rule files inside its container (docker-compose.yml mounts them there). */
export const CONTAINER_RULES = '/etc/prometheus/rules';

const HEADER = '# Generated for docker-compose.yml by `npm run compose -w demo`; do not edit.\n';

/**
 * The configs docker compose mounts: prometheus.yml (scrape jobs by service name, the generated
 * rules) and alertmanager.yml (the generated routing, with both receivers at the receiver service).
 */
export function composeFiles(spec: Spec): Record<string, string> {
  const p = PRODUCTION;
  const receiver = serviceUrl(SERVICES.receiver);
  return {
    'prometheus.yml':
      HEADER +
      prometheusConfig({
        scrapeInterval: `${p.scrapeSeconds}s`,
        evaluationInterval: `${p.evaluationSeconds}s`,
        ruleFiles: `${CONTAINER_RULES}/*.yml`,
        alertmanager: `${SERVICES.alertmanager.name}:${SERVICES.alertmanager.port}`,
        model: `${SERVICES.demo.name}:${SERVICES.demo.metricsPort}`,
        pushgateway: `${SERVICES.pushgateway.name}:${SERVICES.pushgateway.port}`,
      }),
    'alertmanager.yml':
      HEADER +
      stringify(
        alertmanagerConfig({
          ...spec.alertmanager,
          pagerUrl: `${receiver}${RECEIVER_PATH_BY_KIND.pager}`,
          ticketUrl: `${receiver}${RECEIVER_PATH_BY_KIND.ticket}`,
        })
      ),
  };
}
