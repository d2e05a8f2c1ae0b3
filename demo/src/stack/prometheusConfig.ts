import { stringify } from 'yaml';
import { JOBS } from '../names.ts';

/** What the stack's Prometheus scrapes and where it sends alerts. */
export interface PrometheusSetup {
  scrapeInterval: string;
  evaluationInterval: string;
  /** Glob of the rule files. */
  ruleFiles: string;
  alertmanager: string;
  /** host:port of the model server's /metrics. */
  model: string;
  /** host:port of the Pushgateway. */
  pushgateway: string;
}

/**
 * prometheus.yml for the stack (native and docker compose alike): the model server is scraped
 * directly; the batch pipeline through the Pushgateway, keeping the job label it pushed with.
 */
export function prometheusConfig(s: PrometheusSetup): string {
  return stringify({
    global: { scrape_interval: s.scrapeInterval, evaluation_interval: s.evaluationInterval },
    rule_files: [s.ruleFiles],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [s.alertmanager] }] }] },
    scrape_configs: [
      { job_name: JOBS.model, static_configs: [{ targets: [s.model] }] },
      { job_name: JOBS.pushgateway, honor_labels: true, static_configs: [{ targets: [s.pushgateway] }] },
    ],
  });
}
