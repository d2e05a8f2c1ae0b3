/**
 * Node/V8 flags the backend runs with: baked into the single executables (SEA `execArgv`) and
 * passed by every other launcher (the `--dev` wrapper, the harness's script mode), so all of
 * them behave alike.
 *
 * `--max-semi-space-size=64` (MB): a 100-feature drift panel is one ~6.5 MB Prometheus JSON
 * body, which `JSON.parse` turns into ~300k short-lived arrays and strings (~40 MB). With V8's
 * default young generation they outlive two scavenges, get promoted and are then freed by full
 * mark-compacts, which cost the drift benchmark ~40 ms per query (about 10% of Prometheus time).
 * A young generation that holds one parse lets them die young. The space grows only under such
 * load; an idle plugin keeps its small heap.
 */
export const NODE_RUNTIME_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
