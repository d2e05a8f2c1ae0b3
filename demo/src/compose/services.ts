/**
 * The docker compose services, their ports and the URLs they reach each other by. The compose
 * file, the configs generated for it, provisioning/ and the static compose test all agree with this.
 */
export const SERVICES = {
  grafana: { name: 'grafana', port: 3000 },
  prometheus: { name: 'prometheus', port: 9090 },
  alertmanager: { name: 'alertmanager', port: 9093 },
  pushgateway: { name: 'pushgateway', port: 9091 },
  receiver: { name: 'receiver', port: 9095 },
  demo: { name: 'demo', port: 8080, metricsPort: 9464 },
} as const;

export const serviceUrl = (s: { name: string; port: number }) => `http://${s.name}:${s.port}`;

/** Where the configs generated for compose are committed (mounted by docker-compose.yml). */
export const COMPOSE_DIR = 'demo/compose';
