/**
 * Conformance harness: runs the plugin the way Grafana does and checks what comes back against
 * the rules in shared/docs/grafana-backend-protocol.md.
 *
 *   const plugin = await launchPlugin();            // builds dist/ if stale, spawns the SEA with
 *                                                   // Grafana's env, parses the handshake
 *   const res = await plugin.queryData(
 *     [{ refId: 'A', queryType: 'drift', json: { ... } }],
 *     { settings: { url: prometheus.url }, fromAlert: false });
 *   res.A.status / res.A.error / res.A.frames[0].fields[1].values   // frames decoded + checked
 *   await plugin.checkHealth({ url }); await plugin.callResource('features', { url });
 *   await plugin.shutdown();                        // GRPCController.Shutdown, like Grafana
 *
 * Every frame goes through decodeFrame, which throws with a precise message on anything
 * Grafana's Go decoder would reject or misread; assertUniqueSeriesLabels checks alert shapes.
 * `launchPlugin({ mode: 'script' })` runs `node backend/src/main.ts` instead (no build).
 * Call `ensureBuilt()` in a beforeAll with a generous timeout: a stale dist/ takes ~15 s to build.
 */
export { builtExecutable, ensureBuilt } from './build.ts';
export {
  assertUniqueSeriesLabels,
  type DecodedField,
  type DecodedFieldType,
  type DecodedFrame,
  decodeFrame,
} from './frameRules.ts';
export {
  decodeResponses,
  GRPC_GO_MAX_WINDOW,
  grafanaEnvironment,
  grpcTarget,
  type HarnessQuery,
  type HarnessSettings,
  type HealthResult,
  launchPlugin,
  type LaunchOptions,
  pluginCommand,
  type PluginUnderTest,
  type QueryResult,
  type RequestOptions,
  type ResourceResult,
} from './launch.ts';
