import { isSea } from 'node:sea';

/**
 * Grafana hands its plugins its own environment, and a Go plugin is immune to Node's variables:
 * `NODE_OPTIONS` with a `--require` of a missing file would kill this process before the
 * handshake, and others (`NODE_V8_COVERAGE`, `NODE_REDIRECT_WARNINGS`, `NODE_EXTRA_CA_CERTS`,
 * `NODE_TLS_REJECT_UNAUTHORIZED`, `NODE_CHANNEL_FD`, …) change what it does. The SEA is built with
 * `execArgvExtension: "none"`, so NODE_OPTIONS never applies; the rest are read before any
 * JavaScript runs, so the executable replaces itself (same pid, `execve`) with them removed.
 * The development script (`node main.ts`) keeps its environment: tests pass it conditions.
 */
export function nodeVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env).filter((key) => key.startsWith('NODE_'));
}

/**
 * Whether the executable can replace itself. Not on Windows: there Node's `process.execve` exists
 * but throws ERR_FEATURE_UNAVAILABLE_ON_PLATFORM, which killed the plugin before its handshake
 * whenever Grafana's environment held any NODE_* variable (found running it under Wine).
 */
export function canReplaceItself(platform: NodeJS.Platform, sea: boolean): boolean {
  return sea && platform !== 'win32' && typeof process.execve === 'function';
}

/** The NODE_* variables that still apply: on Windows all but NODE_OPTIONS (the SEA ignores that). */
export function nodeVariablesInEffect(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  return platform === 'win32' ? nodeVariables(env).filter((key) => key !== 'NODE_OPTIONS') : [];
}

function restartWithoutNodeVariables(): void {
  if (!canReplaceItself(process.platform, isSea()) || process.execve === undefined) return;
  const found = nodeVariables(process.env);
  if (found.length === 0) return;
  const env = { ...process.env };
  for (const key of found) delete env[key];
  env.SIEVE_IGNORED_NODE_VARIABLES = found.join(',');
  // execve is experimental in Node 24; its warning would be a stray stderr line.
  process.removeAllListeners('warning');
  process.execve(process.execPath, [process.execPath, ...process.argv.slice(2)], env);
}

restartWithoutNodeVariables();
