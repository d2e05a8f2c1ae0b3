export { findBinary, requireBinaries, requireBinary } from './binaries.ts';
export { freePort } from './freePort.ts';
export { listenLoopback } from './listenLoopback.ts';
export { startProcess, tempDir, waitUntilReady, type ManagedProcess } from './managedProcess.ts';
export {
  startPrometheus,
  type PrometheusOptions,
  type PrometheusServer,
  type RangeSeries,
  type Sample,
  type ScrapeJob,
} from './prometheus.ts';
export { startAlertmanager, type AlertmanagerServer } from './alertmanager.ts';
export { startPushgateway, type PushgatewayOptions, type PushgatewayServer } from './pushgateway.ts';
export { waitFor, type WaitOptions } from './waitFor.ts';
export { interleavedMedians, medianMs, reportFigures, timedMs, type Figure } from './benchReport.ts';
export { seededRandom } from './seededRandom.ts';
export { startBackfilledPrometheus, type BackfilledPrometheus } from './backfill.ts';
export {
  startWebhookReceiver,
  type WebhookAlert,
  type WebhookNotification,
  type WebhookPayload,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from './webhookReceiver.ts';
export { normalCdf } from './normalCdf.ts';
